import stackless

log = []

def spinner():
    with stackless.atomic():
        print("atomic", stackless.getcurrent().atomic)
        i = 0
        while i < 100000:
            i += 1
        log.append("atomic section done")
    print("left atomic", stackless.getcurrent().atomic)
    while True:
        pass

t = stackless.tasklet(spinner)()
v = stackless.run(100)
print(v is t, log)
t.kill()
print(t.alive)

# expect: atomic True
# expect: True ['atomic section done']
# expect: False
