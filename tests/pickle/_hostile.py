# Helpers for the hostile_*.py tests (not a test itself: ctest skips files
# starting with "_"). Spindle has no json module, so this is a small JSON
# reader and writer for the documents pickle.dumps makes; the tests parse a
# good document, mutate one node, write it back and check the refusal.
import pickle

WS = " \t\n\r"
ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class _Reader:
    def __init__(self, text):
        self.s = text
        self.i = 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in WS:
            self.i += 1

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            out = {}
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return out
            while True:
                self.ws()
                k = self.string()
                self.ws()
                assert self.s[self.i] == ":", "expected ':'"
                self.i += 1
                out[k] = self.value()
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "}":
                    return out
                assert c == ",", "expected ','"
        if c == "[":
            self.i += 1
            out = []
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return out
            while True:
                out.append(self.value())
                self.ws()
                c = self.s[self.i]
                self.i += 1
                if c == "]":
                    return out
                assert c == ",", "expected ','"
        if c == '"':
            return self.string()
        for word, v in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return v
        j = self.i
        while j < len(self.s) and self.s[j] in "+-0123456789.eE":
            j += 1
        tok = self.s[self.i:j]
        assert tok, "unexpected character %r" % c
        self.i = j
        if "." in tok or "e" in tok or "E" in tok:
            return float(tok)
        return int(tok)

    def string(self):
        assert self.s[self.i] == '"', "expected a string"
        self.i += 1
        parts = []
        start = self.i
        while True:
            c = self.s[self.i]
            if c == '"':
                parts.append(self.s[start:self.i])
                self.i += 1
                return "".join(parts)
            if c == "\\":
                parts.append(self.s[start:self.i])
                e = self.s[self.i + 1]
                if e == "u":
                    parts.append(chr(int(self.s[self.i + 2:self.i + 6], 16)))
                    self.i += 6
                else:
                    parts.append(ESC[e])
                    self.i += 2
                start = self.i
            else:
                self.i += 1


def parse(text):
    r = _Reader(text)
    v = r.value()
    r.ws()
    assert r.i == len(text), "trailing characters"
    return v


def _quote(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 32:
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


class Raw:
    """JSON text written as is (numbers Spindle cannot hold, bad syntax)."""

    def __init__(self, text):
        self.text = text


def dump(v):
    if isinstance(v, Raw):
        return v.text
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return _quote(v)
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dict):
        return "{" + ",".join(_quote(k) + ":" + dump(x) for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(dump(x) for x in v) + "]"
    raise TypeError("cannot write %r" % (v,))


def copy(v):
    """A deep copy of a parsed document (dicts, lists and scalars)."""
    if isinstance(v, dict):
        return {k: copy(x) for k, x in v.items()}
    if isinstance(v, list):
        return [copy(x) for x in v]
    return v


def find(doc, t, start=0):
    """The index of the first object record of type t at or after start."""
    objs = doc["objects"]
    for i in range(start, len(objs)):
        if objs[i].get("t") == t:
            return i
    raise LookupError("no %s record" % t)


def find_all(doc, t):
    return [i for i, o in enumerate(doc["objects"]) if o.get("t") == t]


def find_frame(doc, code_name):
    """The index of the (non-continuation) frame record running code_name."""
    objs = doc["objects"]
    for i, o in enumerate(objs):
        if o.get("t") == "frame" and "function" in o:
            fn = objs[o["function"]["ref"]]
            if doc["codes"][fn["code"]]["name"] == code_name:
                return i
    raise LookupError("no frame of %s" % code_name)


def find_code(doc, name):
    for i, c in enumerate(doc["codes"]):
        if c["name"] == name:
            return i
    raise LookupError("no code %s" % name)



def portable(text):
    """The document with the tests' directory cut from its "file" fields, so
    that byte offsets and lengths do not depend on where the checkout is.
    The loaded module is matched by its file's name, so it still loads."""
    directory = __file__.rsplit("/", 1)[0] + "/"
    return text.replace('"file":"' + directory, '"file":"')


class Checker:
    """Loads mutated documents and checks each refusal: the error is an
    UnpicklingError whose message starts with the expected JSON Pointer and
    contains the expected reason, and the VM state (as `state()` reports it)
    is what it was before."""

    def __init__(self, good, state):
        self.good = good
        self.doc = parse(good)
        assert dump(self.doc) == good, "the JSON helper does not round-trip the document"
        self.state = state
        self.before = state()
        self.count = 0
        self.failures = 0

    def mutate(self, fn):
        d = copy(self.doc)
        fn(d)
        return dump(d)

    def refuse(self, text, ptr, reason, show=True):
        """Returns the message (and prints it unless show is False)."""
        self.count += 1
        try:
            v = pickle.loads(text)
        except pickle.UnpicklingError as e:
            msg = str(e)
        except Exception as e:
            self.failures += 1
            print("WRONG ERROR %s: %s (expected %s: %s)" % (type(e).__name__, e, ptr, reason))
            return None
        else:
            self.failures += 1
            print("ACCEPTED (expected %s: %s)" % (ptr, reason))
            return None
        if not msg.startswith(ptr + ": ") or reason not in msg:
            self.failures += 1
            print("WRONG MESSAGE %r (expected %s: ...%s...)" % (msg, ptr, reason))
        elif show:
            print(msg)
        after = self.state()
        if after != self.before:
            self.failures += 1
            print("VM CHANGED after %s: %r -> %r" % (ptr, self.before, after))
        return msg

    def check(self, fn, ptr, reason, show=True):
        return self.refuse(self.mutate(fn), ptr, reason, show)

    def summary(self):
        print("%d refused, %d failures" % (self.count, self.failures))
