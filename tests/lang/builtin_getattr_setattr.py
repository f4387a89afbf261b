# hasattr, getattr (with default), setattr, and AttributeError messages
class Config:
    debug = False
    def __init__(self):
        self.level = 3
    def method(self):
        return "called method"
c = Config()
print(hasattr(c, "level"), hasattr(c, "debug"), hasattr(c, "nope"), hasattr(Config, "level"))
print(getattr(c, "level"), getattr(c, "debug"), getattr(c, "nope", "fallback"), getattr(c, "method")())
setattr(c, "level", 10)
setattr(c, "new_attr", [1, 2])
print(c.level, c.new_attr, getattr(c, "new" + "_attr"))
for name in ["level", "debug", "missing"]:
    print(name, getattr(c, name, None))
try:
    getattr(c, "missing")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    c.missing_method()
except AttributeError as e:
    print(type(e).__name__, e)
try:
    "str".nope
except AttributeError as e:
    print(type(e).__name__, e)
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print(type(e).__name__, e)
try:
    None.anything
except AttributeError as e:
    print(type(e).__name__, e)
print(getattr([3, 1, 2], "count")(1), getattr("abc", "upper")(), hasattr([], "append"), hasattr(5, "append"))
setattr(Config, "debug", True)
print(Config.debug, c.debug, Config().debug)
