# Malformed or hostile documents are refused with UnpicklingError and a
# JSON Pointer to the offending node; the VM is unchanged.
import pickle

good = pickle.dumps([1, "two", (3,)])

def attempt(text):
    try:
        v = pickle.loads(text)
        print("loaded", v)
    except pickle.UnpicklingError as e:
        print("UnpicklingError:", e)

attempt(good)
attempt("not json at all")
attempt("[1, 2, 3]")
attempt(good.replace('"spindle-pickle"', '"other-pickle"'))
attempt(good.replace('"version":1', '"version":99'))
attempt(good.replace('"bytecode":1', '"bytecode":2'))
attempt(good.replace('"root":{"ref":0}', '"root":{"ref":7}'))
attempt(good.replace('"root":{"ref":0}', '"root":{"rev":0}'))
attempt(good.replace('"root":{"ref":0}', '"root":{"ref":0,"x":1}'))
attempt(good.replace('"t":"list"', '"t":"lisp"'))
attempt(good.replace('"t":"list"', '"t":"dict"'))
attempt(good.replace('"root"', '"extra":1,"root"'))
attempt(good.replace('"codes":[]', '"codes":{}'))
attempt("[" * 100000 + "]" * 100000)
attempt(good.replace('"two"', '{"float":"huge"}'))
attempt(good[: len(good) // 2])

def f(x):
    return x + 1

fdoc = pickle.dumps(f)
attempt(fdoc.replace('"max_stack":', '"max_stack":0,"max_stack_was":'))
print(pickle.loads(fdoc)(41))

# expect: loaded [1, 'two', (3,)]
# expect: UnpicklingError: /: not valid JSON at byte 2: syntax error while parsing value - invalid literal; last read: 'no'
# expect: UnpicklingError: /: expected a pickle document (an object), got an array
# expect: UnpicklingError: /format: not a Spindle pickle (expected "spindle-pickle")
# expect: UnpicklingError: /version: pickle format version 99 is not supported (this Spindle reads version 1)
# expect: UnpicklingError: /bytecode: bytecode version 2 is not supported (this Spindle runs version 1)
# expect: UnpicklingError: /root/ref: 7 is out of range [0, 1]
# expect: UnpicklingError: /root/rev: unknown tag 'rev'
# expect: UnpicklingError: /root: a tagged value has exactly one field
# expect: UnpicklingError: /objects/0/t: unknown record type 'lisp'
# expect: UnpicklingError: /objects/0/items/0: expected a [key, value] pair
# expect: UnpicklingError: /extra: unknown field
# expect: UnpicklingError: /codes: expected an array, got an object
# expect: UnpicklingError: /: nesting deeper than the nesting limit of 64
# expect: UnpicklingError: /objects/0/items/1/float: expected nan, inf, -inf or -0.0
# expect: UnpicklingError: /: not valid JSON at byte 80: syntax error while parsing array - unexpected end of input; expected ']'
# expect: UnpicklingError: /codes/0/max_stack_was: unknown field
# expect: 42
