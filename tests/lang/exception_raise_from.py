# raise ... from ..., __cause__, __context__, suppressed context
class ConfigError(Exception):
    pass
def load(d):
    try:
        return d["port"]
    except KeyError as e:
        raise ConfigError("missing port") from e
try:
    load({})
except ConfigError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__, e.__cause__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("during handling")
except ValueError as e:
    print(e, type(e.__context__).__name__, e.__cause__)
try:
    try:
        [][0]
    except IndexError:
        raise RuntimeError("hidden context") from None
except RuntimeError as e:
    print(e, e.__cause__, type(e.__context__).__name__)
try:
    raise ValueError("plain")
except ValueError as e:
    print(e.__cause__, e.__context__)
