# sys.argv: the script name plus the extra words from sys_argv.args
import sys
print(len(sys.argv), sys.argv[0])
print(sys.argv[1:])
for i, a in enumerate(sys.argv[1:], 1):
    print(i, a, a.isdigit())
print(sum(int(a) for a in sys.argv[1:] if a.isdigit()))
