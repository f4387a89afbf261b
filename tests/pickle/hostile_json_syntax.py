# Text that is not one valid JSON document is refused at "/" with the byte
# where parsing stopped; duplicate keys (which JSON parsers resolve
# differently) are refused with a pointer to the second one. The VM is
# unchanged after each refusal and the pickled tasklet still finishes.
import pickle, stackless, sys
import _hostile as H

ch = stackless.channel()
log = []

def worker(ch):
    total = 0
    while total < 6:
        total += ch.receive()
        log.append(total)
    return total

t = stackless.tasklet(worker)(ch)
stackless.run()
ch.send(1)
good = H.portable(pickle.dumps([t, ch]))
state = lambda: (stackless.getruncount(), ch.balance, t.blocked, t.alive, list(log), sorted(sys.modules.keys()))
C = H.Checker(good, state)

bad = [
    ("", "/", "at byte 1"),
    ("   ", "/", "at byte 4"),
    ("{", "/", "at byte 2"),
    (good[:-1], "/", "at byte %d" % len(good)),
    (good + "x", "/", "at byte %d" % (len(good) + 1)),
    (good + good, "/", "at byte %d" % (len(good) + 1)),
    (good.replace('"root":{"ref":0}', '"root":{"ref":0},'), "/", "expected string literal"),
    (good.replace('"format"', "'format'"), "/", "syntax error"),
    (good.replace('"version":1', '"version":01'), "/", "syntax error"),
    (good.replace('"version":1', '"version":+1'), "/", "syntax error"),
    (good.replace('"version":1', '"version":0x1'), "/", "syntax error"),
    (good.replace('"version":1', '"version":1.'), "/", "syntax error"),
    (good.replace('"version":1', '"version":NaN'), "/", "syntax error"),
    (good.replace('"version":1', '"version":Infinity'), "/", "syntax error"),
    (good.replace('"version":1', '"version":1e400'), "/", "number overflow parsing '1e400'"),
    (good.replace('"version":1', '"version":1 /* one */'), "/", "syntax error"),
    (good.replace('"blocked":-1', '"blocked":-'), "/", "syntax error"),
    (good.replace('"format":"spindle-pickle"', '"format":"spindle\\x-pickle"'), "/", "invalid string"),
    (good.replace('"format":"spindle-pickle"', '"format":"spindle\\ud800"'), "/", "surrogate"),
    (good.replace('"format":"spindle-pickle"', '"format":"spindle\tpickle"'), "/", "control character"),
    (good.replace('"format":"spindle-pickle"', '"format":"spindle-pickle'), "/", "syntax error"),
    (good.replace('"objects":[', '"objects":[,'), "/", "syntax error"),
    (good.replace('"objects":[', '"objects":{'), "/", "syntax error"),
    (good.replace('"t":"list"', '"t":"list","t":"list"'), "/objects/0/t", "duplicate key"),
    (good.replace('"root":{"ref":0}', '"root":{"ref":0},"root":{"ref":2}'), "/root", "duplicate key"),
    (good.replace('"root":{"ref":0}', '"root":{"ref":0,"ref":2}'), "/root/ref", "duplicate key"),
    (good.replace('"queue":[{"ref":1}]', '"queue":[{"ref":1,"ref":1}]'), "/objects/2/queue/0/ref", "duplicate key"),
]
for text, ptr, reason in bad:
    if C.refuse(text, ptr, reason) is None:
        print("  for", repr(text[:40]))

# Documents that are JSON but not a pickle document (an object).
for text, what in (("[]", "an array"), ('"spindle-pickle"', "a string"), ("1", "an integer"),
                   ("1.5", "a number"), ("null", "null"), ("true", "a boolean")):
    C.refuse(text, "/", "expected a pickle document (an object), got " + what)

C.summary()
t2, ch2 = pickle.loads(good)
ch2.send(2)
ch2.send(3)
print("copy", t2.alive, log)
ch.send(2)
ch.send(3)
print("original", t.alive, log)

# expect: /: not valid JSON at byte 1: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal
# expect: /: not valid JSON at byte 4: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal
# expect: /: not valid JSON at byte 2: syntax error while parsing object key - unexpected end of input; expected string literal
# expect: /: not valid JSON at byte 1433: syntax error while parsing object - unexpected end of input; expected '}'
# expect: /: not valid JSON at byte 1434: syntax error while parsing value - invalid literal; last read: '1}x'; expected end of input
# expect: /: not valid JSON at byte 1434: syntax error while parsing value - unexpected '{'; expected end of input
# expect: /: not valid JSON at byte 1422: syntax error while parsing object key - unexpected ','; expected string literal
# expect: /: not valid JSON at byte 469: syntax error while parsing object key - invalid literal; last read: '"total"]}],''; expected string literal
# expect: /: not valid JSON at byte 1433: syntax error while parsing object - unexpected number literal; expected '}'
# expect: /: not valid JSON at byte 1432: syntax error while parsing value - invalid literal; last read: '"version":+'
# expect: /: not valid JSON at byte 1433: syntax error while parsing object - invalid literal; last read: '0x'; expected '}'
# expect: /: not valid JSON at byte 1434: syntax error while parsing value - invalid number; expected digit after '.'; last read: '1.}'
# expect: /: not valid JSON at byte 1432: syntax error while parsing value - invalid literal; last read: '"version":N'
# expect: /: not valid JSON at byte 1432: syntax error while parsing value - invalid literal; last read: '"version":I'
# expect: /: not valid JSON at byte 1436: number overflow parsing '1e400'
# expect: /: not valid JSON at byte 1434: syntax error while parsing object - invalid literal; last read: '1 /'; expected '}'
# expect: /: not valid JSON at byte 620: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-,'
# expect: /: not valid JSON at byte 487: syntax error while parsing value - invalid string: forbidden character after backslash; last read: '"spindle\x'
# expect: /: not valid JSON at byte 492: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '"spindle\ud800"'
# expect: /: not valid JSON at byte 486: syntax error while parsing value - invalid string: control character U+0009 (HT) must be escaped to \u0009 or \t; last read: '"spindle<U+0009>'
# expect: /: not valid JSON at byte 495: syntax error while parsing object - invalid literal; last read: '"spindle-pickle,"o'; expected '}'
# expect: /: not valid JSON at byte 506: syntax error while parsing value - unexpected ','; expected '[', '{', or a literal
# expect: /: not valid JSON at byte 506: syntax error while parsing object key - unexpected '{'; expected string literal
# expect: /objects/0/t: duplicate key
# expect: /root: duplicate key
# expect: /root/ref: duplicate key
# expect: /objects/2/queue/0/ref: duplicate key
# expect: /: expected a pickle document (an object), got an array
# expect: /: expected a pickle document (an object), got a string
# expect: /: expected a pickle document (an object), got an integer
# expect: /: expected a pickle document (an object), got a number
# expect: /: expected a pickle document (an object), got null
# expect: /: expected a pickle document (an object), got a boolean
# expect: 33 refused, 0 failures
# expect: copy False [1, 3, 6]
# expect: original False [1, 3, 6, 3, 6]
