# Classes and instances by value: methods, class attributes, single
# inheritance with super(), dunder methods, instances that refer to each
# other. (Properties, staticmethod and classmethod objects cannot be
# pickled yet.)
def make():
    class Shape:
        sides = 0
        def __init__(self, name):
            self.name = name
        def describe(self):
            return self.name + " with " + str(self.sides) + " sides"
        def __repr__(self):
            return "Shape(" + repr(self.name) + ")"
        def __eq__(self, other):
            return isinstance(other, Shape) and self.name == other.name
        def __len__(self):
            return self.sides
    class Square(Shape):
        sides = 4
        def __init__(self, side):
            super().__init__("square")
            self.side = side
        def area(self):
            return self.side * self.side
        def unit(self):
            return "m"
        def grown(self, by):
            return type(self)(self.side + by)
        def describe(self):
            return super().describe() + " of " + str(self.side) + self.unit()
    sq = Square(3)
    sq.friend = Shape("blob")
    sq.friend.friend = sq
    return [Shape, Square, sq, sq.friend]
