# uncaught KeyError from a dict lookup
config = {"host": "localhost"}
print(config["host"])
print(config["x"])
