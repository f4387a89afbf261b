# Shared references and cycles: identity is kept, a list that contains
# itself, a dict that contains itself, a list <-> dict cycle through an
# instance, a tuple reached through a list that contains it.
def make():
    class Node:
        def __init__(self, name):
            self.name = name
            self.next = None
    shared = [1, 2]
    selfref = ["head"]
    selfref.append(selfref)
    d = {"k": 1}
    d["me"] = d
    a = Node("a")
    b = Node("b")
    a.next = b
    b.next = a
    holder = []
    t = (holder, "t")
    holder.append(t)
    return {"shared": [shared, shared, (shared,)], "selfref": selfref, "d": d, "ring": a, "tuple_cycle": t}
