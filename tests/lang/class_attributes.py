# class attributes vs instance attributes, methods, shadowing
class Dog:
    species = "canis"
    count = 0
    tricks = []
    def __init__(self, name):
        self.name = name
        Dog.count += 1
    def bark(self, times=1):
        return " ".join([self.name + "!"] * times)
a = Dog("Rex")
b = Dog("Fido")
print(a.name, b.name, a.species, Dog.species, Dog.count, a.count)
a.species = "wolf"
print(a.species, b.species, Dog.species)
Dog.species = "CANIS"
print(a.species, b.species)
a.tricks.append("sit")
print(b.tricks, Dog.tricks)
print(a.bark(), b.bark(3), Dog.bark(a, 2))
m = a.bark
a.name = "Max"
print(m(), type(a).__name__, type(Dog).__name__)
print(isinstance(a, Dog), hasattr(a, "bark"), hasattr(Dog, "name"), hasattr(a, "name"))
class Empty:
    pass
e = Empty()
e.x = 1
e.y = [2]
print(e.x, e.y, type(e).__name__)
class WithDoc:
    "docstring"
    value = 1 + 2
    doubled = value * 2
print(WithDoc.value, WithDoc.doubled, WithDoc().doubled)
