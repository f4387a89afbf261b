# refused_version2.json and refused_bytecode2.json (scalars.json with
# "version": 2 and "bytecode": 2): refused with an UnpicklingError that
# names the document's version and the one this Spindle reads.
import pickle, sys
for name in ("refused_version2", "refused_bytecode2"):
    try:
        pickle.loads(open(sys.path[0] + "/../" + name + ".json").read())
        print(name, "loaded")
    except pickle.UnpicklingError as e:
        print(name, "UnpicklingError:", e)

# expect: refused_version2 UnpicklingError: /version: pickle format version 2 is not supported (this Spindle reads version 1)
# expect: refused_bytecode2 UnpicklingError: /bytecode: bytecode version 2 is not supported (this Spindle runs version 1)
