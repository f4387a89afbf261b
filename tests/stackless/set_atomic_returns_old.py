import stackless

c = stackless.getcurrent()
print(c.atomic)
print(c.set_atomic(True))
print(c.atomic)
with stackless.atomic():
    print("inside", c.atomic)
print("after", c.atomic)
print(c.set_atomic(False))
with stackless.atomic():
    print("inside", c.atomic)
print("after", c.atomic)
t = stackless.tasklet(lambda: None)
print("new tasklet", t.atomic)

# expect: False
# expect: False
# expect: True
# expect: inside True
# expect: after True
# expect: True
# expect: inside True
# expect: after False
# expect: new tasklet False
