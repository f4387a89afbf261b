# iterators.json: src/g_iterators.py: iterators continue where they were.
import pickle, sys
its = pickle.loads(open(sys.path[0] + "/../iterators.json").read())
print([list(it) for it in its])

# expect: [[20, 30, 40], ['a', 'b'], ['l', 'l', 'o'], [7, 14, 21, 28, 35, 42, 49, 56, 63, 70, 77, 84, 91, 98], [(6, 'y'), (7, 'z')], [(2, 'b'), (3, 'c')], [20, 30], [3, 5, 7, 9]]
