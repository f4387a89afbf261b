# What cannot be pickled says what and where; nothing is half-written.
import pickle

f = open("unpicklable_values.py")  # run.py runs each test in its directory
try:
    pickle.dumps({"config": {"log": f}})
except pickle.PicklingError as e:
    print("PicklingError:", e)
f.close()

try:
    pickle.dumps([1, {"a": 1}.keys()])
except pickle.PicklingError as e:
    print("PicklingError:", e)

print(issubclass(pickle.PicklingError, pickle.PickleError), issubclass(pickle.PickleError, Exception))
print(issubclass(pickle.UnpicklingError, pickle.PickleError))
try:
    pickle.loads(42)
except TypeError as e:
    print("TypeError:", e)

# expect: PicklingError: cannot pickle <open file 'unpicklable_values.py', mode 'r'> (a host may register it as a permanent): root > 'config' > 'log'
# expect: PicklingError: cannot pickle <dict_keys object> (pickling it is not supported yet): root > [1]
# expect: True True
# expect: True
# expect: TypeError: loads() argument must be str, not 'int'
