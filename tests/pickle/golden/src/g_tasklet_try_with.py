# A tasklet blocked inside try/finally inside a with block inside
# try/except/finally: resumed, its handlers and __exit__ run in order.
def make():
    import stackless
    class Resource:
        def __init__(self, name, log):
            self.name = name
            self.log = log
        def __enter__(self):
            self.log.append("enter " + self.name)
            return self
        def __exit__(self, et, ev, tb):
            self.log.append("exit " + self.name + " " + (et.__name__ if et else "None"))
            return False
    log = []
    ch = stackless.channel()
    def worker(ch, log):
        try:
            with Resource("r1", log):
                try:
                    v = ch.receive()
                    log.append("got " + str(v))
                    v2 = ch.receive()
                    log.append("got " + str(v2))
                    if v2 == "boom":
                        raise ValueError("boom")
                finally:
                    log.append("inner finally")
        except ValueError as e:
            log.append("caught " + str(e))
        finally:
            log.append("outer finally")
            print(" | ".join(log))
    t = stackless.tasklet(worker)(ch, log)
    stackless.run()
    ch.send(1)
    return [t, ch, log]
