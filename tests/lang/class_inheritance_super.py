# single inheritance, overriding, super()
class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def describe(self):
        return "%s the %s says %s" % (self.name, self.kind, self.speak())
class Cat(Animal):
    kind = "cat"
    def speak(self):
        return "meow"
class Lion(Cat):
    kind = "lion"
    def __init__(self, name, pride):
        super().__init__(name)
        self.pride = pride
    def speak(self):
        return super().speak().upper() + "/ROAR"
for a in [Animal("generic"), Cat("Tom"), Lion("Leo", "east")]:
    print(a.describe())
l = Lion("Leo", "east")
print(l.pride, isinstance(l, Cat), isinstance(l, Animal), isinstance(Cat("x"), Lion))
print(issubclass(Lion, Animal), issubclass(Animal, Lion), issubclass(Cat, Cat), issubclass(Cat, object))
print(Lion.__name__, type(l).__name__, Lion.kind, Cat.kind, l.kind, Animal("a").kind)
class Base:
    def __init__(self):
        self.log = ["base"]
class Child(Base):
    def __init__(self):
        self.log = ["child-first"]
        super().__init__()
        self.log.append("child-after")
print(Child().log)
class NoInit(Base):
    pass
print(NoInit().log)
class Shape:
    def area(self):
        raise NotImplementedError("subclass must implement area")
class Sq(Shape):
    def __init__(self, s):
        self.s = s
    def area(self):
        return self.s ** 2
print(Sq(3).area())
try:
    Shape().area()
except NotImplementedError as e:
    print(type(e).__name__, e)
