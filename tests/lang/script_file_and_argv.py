# __file__ is the script's absolute path (CPython 3.9+); sys.argv[0] is as given.
import sys
print(__file__.startswith("/"), __file__.endswith("/script_file_and_argv.py"))
print(sys.argv[0])
print(sys.path[0] + "/script_file_and_argv.py" == __file__)
import _shapes
print(_shapes.__file__.startswith(sys.path[0]))
