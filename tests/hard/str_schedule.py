import stackless

# schedule() or a blocking receive inside __str__/__repr__/__format__ called
# by print(), str(), format() and f-strings switches tasklets (hard) and the
# text comes out once the method returns.
order = []

class Yielding:
    def __init__(self, name):
        self.name = name
    def __str__(self):
        order.append("str " + self.name)
        stackless.schedule()
        return "yielding " + self.name
    def __repr__(self):
        order.append("repr " + self.name)
        stackless.schedule()
        return "Y(%s)" % self.name
    def __format__(self, spec):
        order.append("format " + self.name)
        stackless.schedule()
        return "[%s:%s]" % (self.name, spec)

def other(name):
    order.append(name)

for name, action in (("print", lambda: print(Yielding("p"))),
                     ("str", lambda: print(str(Yielding("s")))),
                     ("repr list", lambda: print([Yielding("r1"), Yielding("r2")])),
                     ("format", lambda: print("{:>3}".format(Yielding("f")))),
                     ("fstring", lambda: print(f"<{Yielding('g')}> <{Yielding('h')!r}>")),
                     ("join", lambda: print(", ".join(map(str, [Yielding("j1"), Yielding("j2")]))))):
    order.clear()
    t = stackless.tasklet(other)("other")
    action()
    print(name, order, t.alive, stackless.getruncount())

# print() of a value whose __str__ waits for a channel, in several tasklets:
# each line is printed when its value arrives, in arrival order.
ch = stackless.channel()

class Late:
    def __init__(self, name):
        self.name = name
    def __str__(self):
        return "%s got %s" % (self.name, ch.receive())

def printer(name):
    print("line:", Late(name))

for n in ("first", "second", "third"):
    stackless.tasklet(printer)(n)
stackless.run()
print("waiting", ch.balance)
for v in (1, 2, 3):
    ch.send(v)
print("end", ch.balance, stackless.getruncount())

# expect: yielding p
# expect: print ['str p', 'other'] False 1
# expect: yielding s
# expect: str ['str s', 'other'] False 1
# expect: [Y(r1), Y(r2)]
# expect: repr list ['repr r1', 'other', 'repr r2'] False 1
# expect: [f:>3]
# expect: format ['format f', 'other'] False 1
# expect: <[g:]> <Y(h)>
# expect: fstring ['format g', 'other', 'repr h'] False 1
# expect: yielding j1, yielding j2
# expect: join ['str j1', 'other', 'str j2'] False 1
# expect: line: line: line: waiting -3
# expect: first got 1
# expect: second got 2
# expect: third got 3
# expect: end 0 1
