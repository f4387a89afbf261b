# a module body executes once; later imports come from sys.modules
import sys
print("_counter_mod" in sys.modules)
import _counter_mod
print("_counter_mod" in sys.modules, sys.modules["_counter_mod"] is _counter_mod)
import _counter_mod
from _counter_mod import bump
print(bump(), bump(), _counter_mod.value)
def again():
    import _counter_mod as again_mod
    return again_mod.bump()
print(again(), _counter_mod.value)
import sys as sys2
print(sys2 is sys, "sys" in sys.modules, __name__ in sys.modules)
import math
print(sys.modules["math"] is math)
