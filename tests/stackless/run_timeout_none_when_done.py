import stackless

def f(n):
    for i in range(2):
        stackless.schedule()
    print("f", n, "done")

stackless.tasklet(f)(1)
stackless.tasklet(f)(2)
print(stackless.run(100000))
print(stackless.getruncount())

# expect: f 1 done
# expect: f 2 done
# expect: None
# expect: 1
