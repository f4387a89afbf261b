# classes.json: src/g_classes.py: classes with inheritance and instances.
import pickle, sys
Shape, Square, sq, blob = pickle.loads(open(sys.path[0] + "/../classes.json").read())
print(Shape.__name__, Square.__qualname__, Square.__bases__[0] is Shape, type(sq) is Square, type(blob) is Shape)
print(isinstance(sq, Shape), issubclass(Square, Shape), Shape.sides, Square.sides)
print(sq.describe(), sq.area(), len(sq), len(blob))
print(blob.describe(), repr(blob), sq.friend is blob, blob.friend is sq)
big = sq.grown(2)
print(type(big) is Square, big.area(), big == Shape("square"), big == blob)
fresh = Square(5)
print(fresh.describe(), vars(fresh))
print(sorted(vars(sq)))
blob.friend = None

# expect: Shape make.<locals>.Square True True True
# expect: True True 0 4
# expect: square with 4 sides of 3m 9 4 0
# expect: blob with 0 sides Shape('blob') True True
# expect: True 25 True False
# expect: square with 4 sides of 5m {'name': 'square', 'side': 5}
# expect: ['friend', 'name', 'side']
