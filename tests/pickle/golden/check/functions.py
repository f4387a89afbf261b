# functions.json: src/g_functions.py: functions, closures and cells by value.
import pickle, sys
v = pickle.loads(open(sys.path[0] + "/../functions.json").read())
incr, get = v["incr"], v["get"]
print(get(), incr(), incr(10), get())
try:
    v["unbound"]()
except NameError as e:
    print("NameError:", e)
fact = v["fact"]
print(fact(10, fact), fact.__name__, fact.__qualname__)
adder = v["adder"]
print(adder(1), adder(1, 2, 3, 4, scale=10), adder(1, x=1, y=2), adder.tag, adder.__defaults__, adder.__kwdefaults__)
print(v["inner"](3), v["power"](3), v["power"](2, p=10), v["power"].__name__)
print(incr.__qualname__, v["inner"].__qualname__)

# expect: 15 16 26 26
# expect: NameError: cannot access free variable 'value' where it is not associated with a value in enclosing scope
# expect: 3628800 fact make.<locals>.fact
# expect: 3 100 5 attr (2,) {'scale': 1}
# expect: 123 9 1024 <lambda>
# expect: make.<locals>.counter.<locals>.incr make.<locals>.outer.<locals>.middle.<locals>.inner
