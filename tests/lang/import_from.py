# from-import of names, aliases, and of stdlib modules
from _shapes import Square, describe as desc
from _shapes import created
from math import sqrt, pi as PI
from sys import argv
import _shapes
print(Square(3), desc(Square(2)), len(created), created is _shapes.created)
print(sqrt(16.0), round(PI, 5), argv[0])
print(Square is _shapes.Square)
