# Loads the pickle document named by sys.argv[1]; prints the UnpicklingError
# (run_golden.py refused: the fuzzer's regression inputs), or "loaded".
import sys, pickle
f = open(sys.argv[1])
text = f.read()
f.close()
try:
    pickle.loads(text)
    print("loaded")
except pickle.UnpicklingError as e:
    print("UnpicklingError:", e)
