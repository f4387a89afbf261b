# Bytecode that fails verification: unknown opcodes, operands on opcodes
# that take none, bad jump targets, stack underflow and overflow, running
# off the end, bad flags, line tables, MAKE_FUNCTION without a code object,
# and code objects that are not a function's at all (class and module
# bodies, generator code in a frame without its generator).
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def pick(xs):
    best = None
    for x in xs:
        if best is None or x > best:
            best = x
    return best

def worker(ch):
    v = ch.receive()
    log.append(pick(v))

def answer():
    return 42

def evens(n):
    for i in range(n):
        if i % 2 == 0:
            yield i

t = stackless.tasklet(worker)(ch)
stackless.run()
g = evens(10)
next(g)
good = pickle.dumps([pick, t, ch, g, lambda: (lambda: 1), answer])
G = globals()
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, list(log), G["pick"], sorted(sys.modules.keys()))
C = H.Checker(good, state)
doc = C.doc
objs = doc["objects"]
pi = H.find_code(doc, "pick")
code = doc["codes"][pi]
words = code["code"]
P = "/codes/%d" % pi
R = "bytecode rejected: code 'pick'"

def word(pc, w):
    def m(d):
        d["codes"][pi]["code"][pc] = w
    return m

def header(key, v):
    def m(d):
        d["codes"][pi][key] = v
    return m

jumps = [pc for pc, w in enumerate(words) if (w & 255) in (53, 54, 55, 59)]
print("pick: %d words, max_stack %d, jumps at %s" % (len(words), code["max_stack"], jumps))
C.check(word(0, 255), P, R + " at pc 0")
C.check(word(0, 81), P, R + " at pc 0")
C.check(word(0, 1 | (7 << 8)), P, R + " at pc 0")              # POP_TOP 7
C.check(word(0, 1), P, R + " at pc 0")                         # POP_TOP on an empty stack
C.check(word(jumps[0], (words[jumps[0]] & 255) | (len(words) << 8)), P, R + " at pc %d" % jumps[0])
C.check(word(jumps[0], (words[jumps[0]] & 255) | (len(words) + 1000 << 8)), P, R + " at pc %d" % jumps[0])
C.check(word(len(words) - 1, 0), P, R)                          # NOP instead of the last RETURN_VALUE
C.check(word(0, 67 | (5 << 8)), P, R + " at pc 0")             # RAISE_VARARGS 5
C.check(word(0, 32 | (4 << 8)), P, R + " at pc 0")             # BUILD_SLICE 4
C.check(word(0, 62), P, R + " at pc 0")                         # MAKE_FUNCTION without a code
C.check(lambda d: d["codes"][pi]["code"].pop(), P, R)
C.check(header("code", []), P, "empty code")
C.check(header("max_stack", 1), P, R)
C.check(header("max_stack", 0), P, R)
C.check(header("flags", 1024), P, "unknown flags 0x400")
C.check(header("posonly", 2), P, "2 positional-only parameters but only 1 positional")
C.check(header("lines", [[5, 3], [0, 2]]), P, R)
C.check(header("lines", [[len(words) + 5, 3]]), P, R)
C.check(header("handlers", [[0, 2, len(words) + 3, 0]]), P, R)
# Code that a function must not run: a class or module body.
C.check(header("flags", 8), P, "bytecode rejected: code 'pick': a class or module body takes no parameters")
lam = [i for i, c in enumerate(doc["codes"]) if c["name"] == "<lambda>" and any(w & 255 == 62 for w in c["code"])][0]
inner = [i for i, c in enumerate(doc["codes"]) if c["name"] == "<lambda>" and i != lam][0]
C.check(lambda d: d["codes"][inner].__setitem__("flags", 8), "/codes/%d" % lam,
        "bytecode rejected: code '<lambda>' at pc 2 (RETURN_VALUE 0): the return value (stack slot 0) must be any value, but may be a class-body function")
ai = H.find_code(doc, "answer")
afn = [i for i in H.find_all(doc, "function") if objs[i]["code"] == ai][0]
def body(flags, words):
    def m(d):
        d["codes"][ai]["flags"] = flags
        d["codes"][ai]["code"] = words
    return m
C.check(body(8, [80, 63]), "/objects/%d/code" % afn, "code 'answer' is a class or module body, not a function's")
C.check(body(16, [5, 63]), "/objects/%d/code" % afn, "code 'answer' is a class or module body, not a function's")
# A generator's code in a frame that no generator owns.
gi = H.find(doc, "generator")
gf = objs[gi]["frame"]["ref"]
def orphan(d):
    d["objects"][gi]["frame"] = None
    d["objects"][gf]["generator"] = None
C.check(orphan, "/objects/%d/generator" % gf, "a frame of generator code 'evens' needs its generator")
# A generator that owns a frame of ordinary code.
fw = H.find_frame(doc, "worker")
C.check(lambda d: d["objects"][gi].__setitem__("frame", {"ref": fw}), "/objects/%d/frame" % gi, "not a generator's code")

C.summary()
pick2, t2, ch2, g2, lam2, answer2 = pickle.loads(good)
print(pick2([3, 9, 4]), list(g2), lam2()(), answer2())
ch2.send([5, 1])
ch.send([2, 8])
print(log, t.alive, t2.alive)

# expect: pick: 19 words, max_stack 4, jumps at [4, 9, 13, 16]
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (<bad opcode> 0): unknown opcode 255
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (<bad opcode> 0): unknown opcode 81
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (POP_TOP 7): the operand must be 0
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (POP_TOP 0): stack underflow: needs 1 values, the stack holds 0
# expect: /codes/0: bytecode rejected: code 'pick' at pc 4 (FOR_ITER 19): jump target 19 is past the end of the code (19 instructions)
# expect: /codes/0: bytecode rejected: code 'pick' at pc 4 (FOR_ITER 1019): jump target 1019 is past the end of the code (19 instructions)
# expect: /codes/0: bytecode rejected: code 'pick' at pc 18 (NOP 0): execution can run off the end of the code
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (RAISE_VARARGS 5): RAISE_VARARGS takes 0, 1 or 2 values
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (BUILD_SLICE 4): BUILD_SLICE takes 2 or 3 values
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (MAKE_FUNCTION 0): stack underflow: needs 1 values, the stack holds 0
# expect: /codes/0: bytecode rejected: code 'pick' at pc 17 (LOAD_FAST 1): execution can run off the end of the code
# expect: /codes/0: bytecode rejected: code 'pick': empty code (the loop would run off its end)
# expect: /codes/0: bytecode rejected: code 'pick' at pc 4 (FOR_ITER 17): stack overflow: 2 values exceed max_stack 1
# expect: /codes/0: bytecode rejected: code 'pick' at pc 0 (LOAD_CONST 0): stack overflow: 1 values exceed max_stack 0
# expect: /codes/0: bytecode rejected: code 'pick': unknown flags 0x400
# expect: /codes/0: bytecode rejected: code 'pick': 2 positional-only parameters but only 1 positional
# expect: /codes/0: bytecode rejected: code 'pick': line entry 1 (pc 0) is not after the previous one (pc 5)
# expect: /codes/0: bytecode rejected: code 'pick': line entry 0 starts at pc 24, past the end of the code
# expect: /codes/0: bytecode rejected: code 'pick': handler 0 target 22 is past the end of the code (19)
# expect: /codes/0: bytecode rejected: code 'pick': a class or module body takes no parameters
# expect: /codes/1: bytecode rejected: code '<lambda>' at pc 2 (RETURN_VALUE 0): the return value (stack slot 0) must be any value, but may be a class-body function
# expect: /objects/6/code: code 'answer' is a class or module body, not a function's
# expect: /objects/6/code: code 'answer' is a class or module body, not a function's
# expect: /objects/9/generator: a frame of generator code 'evens' needs its generator
# expect: /objects/4/frame: not a generator's code
# expect: 25 refused, 0 failures
# expect: 9 [2, 4, 6, 8] 1 42
# expect: [5, 8] False False
