# methods.json: src/g_methods.py: bound methods share their instance.
import pickle, sys
deposit, show, acct = pickle.loads(open(sys.path[0] + "/../methods.json").read())
print(deposit.__self__ is acct, show.__self__ is acct, acct.callback.__self__ is acct)
print(show(), deposit(5), acct.callback(), acct.balance)
print(deposit.__name__, type(acct).__name__)
acct.callback = None

# expect: True True True
# expect: ada: 10 15 ada: 15 15
# expect: deposit Account
