# Operands that index the constant, name, local-variable and cell tables of
# a code object are checked against those tables (by the verifier), so a
# document cannot make LOAD_CONST, LOAD_GLOBAL, LOAD_ATTR, LOAD_FAST or
# LOAD_DEREF read outside them; constants are VALUEs like any other.
import pickle, sys
import _hostile as H

K = 5
calls = []

def helper(v):
    calls.append(v)
    return v + K

def make(scale):
    def subject(x):
        y = helper(x) * scale
        z = x.bit_length()
        return y + z + 1000
    return subject

good = pickle.dumps(make(3))
G = globals()
state = lambda: (list(calls), G["K"], G["helper"], G["make"], sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
si = H.find_code(doc, "subject")
code = doc["codes"][si]
words = code["code"]
print("consts", code["consts"], "names", code["names"], "varnames", code["varnames"], "freevars", code["freevars"])
OPS = {5: "LOAD_CONST", 6: "LOAD_FAST", 9: "LOAD_DEREF", 14: "LOAD_GLOBAL", 23: "LOAD_METHOD", 7: "STORE_FAST"}
def first(op):
    for pc, w in enumerate(words):
        if w & 255 == op:
            return pc
    raise LookupError(OPS[op])

def operand(pc, arg):
    def m(d):
        w = d["codes"][si]["code"][pc]
        d["codes"][si]["code"][pc] = (w & 255) | (arg << 8)
    return m

def table(key, fn):
    def m(d):
        fn(d["codes"][si][key])
    return m

P = "/codes/%d" % si
R = "bytecode rejected: code 'make.<locals>.subject' at pc "
nconst, nname, nvar, ncell = len(code["consts"]), len(code["names"]), len(code["varnames"]), len(code["freevars"]) + len(code["cellvars"])
for op, n in ((5, nconst), (14, nname), (23, nname), (6, nvar), (7, nvar), (9, ncell)):
    pc = first(op)
    C.check(operand(pc, n), P, R + "%d (%s %d)" % (pc, OPS[op], n))
    C.check(operand(pc, (1 << 24) - 1), P, R + "%d (%s %d)" % (pc, OPS[op], (1 << 24) - 1))
# Shrinking a table leaves an existing operand out of range.
C.check(table("consts", lambda c: c.pop()), P, R)
C.check(table("names", lambda c: c.pop()), P, R)
C.check(table("varnames", lambda c: c.pop()), P, R)
C.check(table("freevars", lambda c: c.pop()), P, R)
# Constants are values: a dangling ref, a frame, a tag, a code that contains itself.
C.check(table("consts", lambda c: c.append({"ref": 99})), P + "/consts/%d/ref" % nconst, "99 is out of range")
C.check(table("consts", lambda c: c.append({"nope": 1})), P + "/consts/%d/nope" % nconst, "unknown tag 'nope'")
C.check(table("consts", lambda c: c.append({"code": si})), P, "code 'make.<locals>.subject' contains itself as a (nested) constant")
C.check(table("consts", lambda c: c.append({"code": 7})), P + "/consts/%d/code" % nconst, "7 is out of range")
# Names are strings.
C.check(table("names", lambda c: c.__setitem__(0, 1)), P + "/names/0", "expected a string, got an integer")
C.check(table("varnames", lambda c: c.__setitem__(0, None)), P + "/varnames/0", "expected a string, got null")

C.summary()
f = pickle.loads(good)
print(f(4), f(7), calls, K)

# expect: consts [1000] names ['helper', 'bit_length'] varnames ['x', 'y', 'z'] freevars ['scale']
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 14 (LOAD_CONST 1): constant index 1 out of range (1 constants)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 14 (LOAD_CONST 16777215): constant index 16777215 out of range (1 constants)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 1 (LOAD_GLOBAL 2): name index 2 out of range (2 names)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 1 (LOAD_GLOBAL 16777215): name index 16777215 out of range (2 names)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 8 (LOAD_METHOD 2): name index 2 out of range (2 names)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 8 (LOAD_METHOD 16777215): name index 16777215 out of range (2 names)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 2 (LOAD_FAST 3): local index 3 out of range (3 locals)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 2 (LOAD_FAST 16777215): local index 16777215 out of range (3 locals)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 6 (STORE_FAST 3): local index 3 out of range (3 locals)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 6 (STORE_FAST 16777215): local index 16777215 out of range (3 locals)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 4 (LOAD_DEREF 1): cell index 1 out of range (1 cells)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 4 (LOAD_DEREF 16777215): cell index 16777215 out of range (1 cells)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 14 (LOAD_CONST 0): constant index 0 out of range (0 constants)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 8 (LOAD_METHOD 1): name index 1 out of range (1 names)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 10 (STORE_FAST 2): local index 2 out of range (2 locals)
# expect: /codes/0: bytecode rejected: code 'make.<locals>.subject' at pc 4 (LOAD_DEREF 0): cell index 0 out of range (0 cells)
# expect: /codes/0/consts/1/ref: 99 is out of range [0, 4]
# expect: /codes/0/consts/1/nope: unknown tag 'nope'
# expect: /codes/0: bytecode rejected: in constant 1 of code 'make.<locals>.subject': code 'make.<locals>.subject' contains itself as a (nested) constant
# expect: /codes/0/consts/1/code: 7 is out of range [0, 1]
# expect: /codes/0/names/0: expected a string, got an integer
# expect: /codes/0/varnames/0: expected a string, got null
# expect: 22 refused, 0 failures
# expect: 1030 1039 [4, 7] 5
