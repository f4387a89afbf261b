# A script a game host embeds: the host provides clamp(), apply() and
# twice(); the script provides update() for the host to call every tick.
speed = 3

def update(position, tick):
    # clamp is a C++ function registered by the host.
    return clamp(position + speed * tick, 0, 20)

def describe(entity):
    return f"{entity['name']} at {entity['x']}"

def double(x):
    return x * 2

# apply() calls back into the VM from C++ (a native callback);
# twice() asks the loop to call its argument, without C recursion.
print("apply:", apply(double, 5))
print("twice:", twice(double, 5))
print("loaded", __name__)
