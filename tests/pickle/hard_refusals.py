# Every kind of hard tasklet (native code between its VM frames, in the
# way of a soft switch) is refused by pickle.dumps with a PicklingError
# that names the tasklet, the VM function it is blocked in and the
# native(s) in the way -- also when reached through a channel's queue or
# inside a list. While blocked there it is not restorable; the failed dumps
# changes nothing: the tasklet then unblocks, becomes restorable (and
# picklable) again once it has left the native code, and finishes with the
# right result.
#
# Expectations written by hand: the natives are those the program calls
# (sorted, min, max, list over map/filter, str, print, sum, the BINARY_SUBSCR
# / STORE_SUBSCR / FORMAT_VALUE instructions that call a dunder); file
# paths and line numbers are cut out of the messages (clean()).
import stackless
import pickle

ch = stackless.channel()       # the hard tasklets block receiving here
after = stackless.channel()    # and then softly here, out of native code


def clean(msg):
    # Drops " (FILE:LINE)" locations so the expectations do not depend on
    # where this file lives or on its line numbers.
    tag = " (" + __file__ + ":"
    while tag in msg:
        i = msg.index(tag)
        msg = msg[:i] + msg[msg.index(")", i) + 1:]
    return msg


def attempt(root):
    try:
        pickle.dumps(root)
        return "pickled"
    except pickle.PicklingError as e:
        return "PicklingError: " + clean(str(e))


def case(label, body, values, root=None):
    results = []

    def runner():
        results.append(body())
        after.receive()
        results.append("finished")

    t = stackless.tasklet(runner)()
    stackless.run()
    balance = ch.balance
    print(label, t.blocked, t.nesting_level, t.restorable)
    print(" ", attempt(t if root is None else root(t)))
    print("  unchanged", t.blocked, t.alive, ch.balance == balance, results)
    for v in values:
        if t.restorable:
            print("  restorable too early")
        ch.send(v)
    stackless.run()
    print("  left native code", t.blocked, t.nesting_level, t.restorable, attempt(t), results)
    after.send(None)
    print("  finished", t.alive, results, ch.balance)


class Key:
    def __init__(self, k):
        self.k = k

    def __hash__(self):
        return 7

    def __eq__(self, other):
        return ch.receive()


class SlowHash:
    def __hash__(self):
        return ch.receive()


class Show:
    def __str__(self):
        return "shown %s" % ch.receive()


class Feed:
    def __iter__(self):
        return self

    def __next__(self):
        v = ch.receive()
        if v is None:
            raise StopIteration
        return v


class Item:
    def __init__(self, x):
        self.x = x
        self.tag = ch.receive()

    def __repr__(self):
        return "Item(%s, %s)" % (self.x, self.tag)


def gen(n):
    for i in range(n):
        yield ch.receive() * 10


def sorted_key():
    return sorted([3, 1, 2], key=lambda x: ch.receive())


def min_key():
    return min(["a", "bb", "ccc"], key=lambda s: ch.receive())


def max_key():
    return max(["a", "bb", "ccc"], key=lambda s: ch.receive())


def map_list():
    return list(map(lambda x: x * ch.receive(), [1, 2, 3]))


def filter_list():
    return list(filter(lambda x: ch.receive(), [1, 2, 3, 4]))


def dict_eq():
    d = {Key(1): "one"}
    return d[Key(2)]


def dict_hash():
    d = {}
    d[SlowHash()] = "v"
    return len(d)


def print_str():
    print(Show())
    return "printed"


def str_str():
    return str(Show())


def fstring():
    return f"<{Show()}>"


def list_iter():
    return list(Feed())


def sum_gen():
    return sum(gen(3))


def map_init():
    return list(map(Item, [1, 2]))


def nested():
    # sorted() -> key -> list(map()) -> lambda -> str() -> __str__
    return sorted([1, 2], key=lambda x: list(map(lambda y: str(Show()), [x]))[0])


case("sorted_key", sorted_key, [1, 3, 2])
case("min_key", min_key, [5, 1, 9])
case("max_key", max_key, [5, 1, 9])
case("map_list", map_list, [10, 20, 30])
case("filter_list", filter_list, [True, False, 1, 0])
case("dict_eq", dict_eq, [True])
case("dict_hash", dict_hash, [11])
case("print_str", print_str, ["p"])
case("str_str", str_str, ["s"])
case("fstring", fstring, ["f"])
case("list_iter", list_iter, [1, 2, None])
case("sum_gen", sum_gen, [1, 2, 3])
case("map_init", map_init, ["a", "b"])
case("nested", nested, ["z", "y"])
case("via_channel", sorted_key, [2, 2, 1], root=lambda t: {"channel": ch})
case("in_list", min_key, [3, 2, 1], root=lambda t: [0, [t]])

# send_sequence() drives a user iterator with next(): its __next__ blocks
# with the native continuation of send_sequence in the way (the first item
# is asked for by send_sequence itself, the others by its continuation).
class Items:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return ch.receive()


sink = stackless.channel()
got = []


def sequencer():
    got.append(sink.send_sequence(Items()))


def drain():
    for i in range(3):
        got.append(sink.receive())


seq = stackless.tasklet(sequencer)()
stackless.tasklet(drain)()
stackless.run()
for v in ("x", "y", "z"):
    print("send_sequence", seq.nesting_level, seq.restorable, got)
    print(" ", attempt(seq))
    ch.send(v)
    stackless.run()
print("send_sequence done", seq.alive, got, ch.balance, sink.balance)

# expect: sorted_key True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in sorted_key.<locals>.<lambda>: native functions sit between its frames (sorted() in sorted_key), so it is not restorable: root > tasklet 2
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[3, 2, 1]]
# expect:   finished False [[3, 2, 1], 'finished'] 0
# expect: min_key True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in min_key.<locals>.<lambda>: native functions sit between its frames (min() in min_key), so it is not restorable: root > tasklet 3
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['bb']
# expect:   finished False ['bb', 'finished'] 0
# expect: max_key True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in max_key.<locals>.<lambda>: native functions sit between its frames (max() in max_key), so it is not restorable: root > tasklet 4
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['ccc']
# expect:   finished False ['ccc', 'finished'] 0
# expect: map_list True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in map_list.<locals>.<lambda>: native functions sit between its frames (list() in map_list), so it is not restorable: root > tasklet 5
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[10, 40, 90]]
# expect:   finished False [[10, 40, 90], 'finished'] 0
# expect: filter_list True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in filter_list.<locals>.<lambda>: native functions sit between its frames (list() in filter_list), so it is not restorable: root > tasklet 6
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[1, 3]]
# expect:   finished False [[1, 3], 'finished'] 0
# expect: dict_eq True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Key.__eq__: native functions sit between its frames (the BINARY_SUBSCR instruction in dict_eq), so it is not restorable: root > tasklet 7
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['one']
# expect:   finished False ['one', 'finished'] 0
# expect: dict_hash True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in SlowHash.__hash__: native functions sit between its frames (the STORE_SUBSCR instruction in dict_hash), so it is not restorable: root > tasklet 8
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [1]
# expect:   finished False [1, 'finished'] 0
# expect: print_str True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Show.__str__: native functions sit between its frames (print() in print_str), so it is not restorable: root > tasklet 9
# expect:   unchanged True True True []
# expect: shown p
# expect:   left native code True 0 True pickled ['printed']
# expect:   finished False ['printed', 'finished'] 0
# expect: str_str True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Show.__str__: native functions sit between its frames (str() in str_str), so it is not restorable: root > tasklet 10
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['shown s']
# expect:   finished False ['shown s', 'finished'] 0
# expect: fstring True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Show.__str__: native functions sit between its frames (the FORMAT_VALUE instruction in fstring), so it is not restorable: root > tasklet 11
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['<shown f>']
# expect:   finished False ['<shown f>', 'finished'] 0
# expect: list_iter True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Feed.__next__: native functions sit between its frames (list() in list_iter), so it is not restorable: root > tasklet 12
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[1, 2]]
# expect:   finished False [[1, 2], 'finished'] 0
# expect: sum_gen True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in gen: native functions sit between its frames (sum() in sum_gen), so it is not restorable: root > tasklet 13
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [60]
# expect:   finished False [60, 'finished'] 0
# expect: map_init True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Item.__init__: native functions sit between its frames (list() in map_init), so it is not restorable: root > tasklet 14
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[Item(1, a), Item(2, b)]]
# expect:   finished False [[Item(1, a), Item(2, b)], 'finished'] 0
# expect: nested True 3 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 3) in Show.__str__: native functions sit between its frames (sorted() in nested, then list() in nested.<locals>.<lambda>, then str() in nested.<locals>.<lambda>.<locals>.<lambda>), so it is not restorable: root > tasklet 15
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[2, 1]]
# expect:   finished False [[2, 1], 'finished'] 0
# expect: via_channel True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in sorted_key.<locals>.<lambda>: native functions sit between its frames (sorted() in sorted_key), so it is not restorable: root > 'channel' > channel queue > tasklet 16
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled [[2, 3, 1]]
# expect:   finished False [[2, 3, 1], 'finished'] 0
# expect: in_list True 1 False
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in min_key.<locals>.<lambda>: native functions sit between its frames (min() in min_key), so it is not restorable: root > [1] > [0] > tasklet 17
# expect:   unchanged True True True []
# expect:   left native code True 0 True pickled ['ccc']
# expect:   finished False ['ccc', 'finished'] 0
# expect: send_sequence 1 False []
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Items.__next__: native functions sit between its frames (send_sequence() in sequencer), so it is not restorable: root > tasklet 18
# expect: send_sequence 1 False ['x']
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Items.__next__: native functions sit between its frames (the native continuation stackless.channel.send_sequence.got), so it is not restorable: root > tasklet 18
# expect: send_sequence 1 False ['x', 'y']
# expect:   PicklingError: cannot pickle a tasklet blocked inside native code (nesting_level 1) in Items.__next__: native functions sit between its frames (the native continuation stackless.channel.send_sequence.got), so it is not restorable: root > tasklet 18
# expect: send_sequence done False ['x', 'y', 'z', 3] 0 0
