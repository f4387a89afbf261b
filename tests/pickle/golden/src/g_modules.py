# Modules and builtins by name: built-in modules, their members, builtin
# functions and classes, exception classes, a script module by reference.
def make():
    import math, sys, stackless
    import g_modules
    return [math, sys, stackless, math.sqrt, math.pi, len, print, sorted, int, dict, ValueError,
            StopIteration, stackless.channel, g_modules]
