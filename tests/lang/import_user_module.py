# importing a user module next to the script: attributes, classes, module globals
import _shapes
print(__name__, _shapes.__name__, type(_shapes).__name__)
s = _shapes.Square(4)
print(s, s.area(), _shapes.describe(s), _shapes.PI_ISH)
print(isinstance(s, _shapes.Shape), len(_shapes.created))
_shapes.PI_ISH = 4
import _shapes as sh
print(sh is _shapes, sh.PI_ISH, sh._private)
try:
    _shapes.nothing_here
except AttributeError as e:
    print(type(e).__name__, e)
