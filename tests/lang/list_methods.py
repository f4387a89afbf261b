# list methods
a = [3, 1, 2]
a.append(5); print(a)
a.extend([7, 8]); print(a)
a.extend((9,)); a.extend("ab"); print(a)
a.insert(0, 0); a.insert(-1, "m"); a.insert(100, "end"); print(a)
a.remove("a"); print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
print(a.index(2), a.index(7), [1, 2, 1, 2].index(2, 2), a.count(1), [1, 1, 2].count(1))
b = [5, 2, 8, 1, 9]
b.sort(); print(b)
b.sort(reverse=True); print(b)
w = ["banana", "Apple", "cherry", "date"]
w.sort(key=len); print(w)
w.sort(key=str.lower); print(w)
w.sort(key=lambda s: s[-1], reverse=True); print(w)
w.reverse(); print(w)
c = w.copy(); c.append("x"); print(len(w), len(c), c is w, c == w)
c.clear(); print(c, len(c))
print(b.sort(), b.reverse(), b.append(0), b)
for bad in [lambda: [1].pop(5), lambda: [].pop(), lambda: [1, 2].index(3), lambda: [1].remove(2)]:
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__ + ":", e)
