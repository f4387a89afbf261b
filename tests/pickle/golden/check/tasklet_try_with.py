# tasklet_try_with.json: src/g_tasklet_try_with.py: a tasklet blocked in
# try/finally inside with inside try/except/finally. One copy is resumed
# and raises; a second copy of the same document is killed, which unwinds
# its finally blocks and __exit__ with TaskletExit.
import pickle, sys, stackless
text = open(sys.path[0] + "/../tasklet_try_with.json").read()
t, ch, log = pickle.loads(text)
print(t.blocked, ch.balance, log)
ch.send("boom")
print(t.alive, len(log))
t2, ch2, log2 = pickle.loads(text)
print(t2 is t, log2)
t2.kill()
print(t2.alive, ch2.balance, log2[-1])

# expect: True -1 ['enter r1', 'got 1']
# expect: enter r1 | got 1 | got boom | inner finally | exit r1 ValueError | caught boom | outer finally
# expect: False 7
# expect: False ['enter r1', 'got 1']
# expect: enter r1 | got 1 | inner finally | exit r1 TaskletExit | outer finally
# expect: False 0 outer finally
