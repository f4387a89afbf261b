# Word counting over a generated text: dict and string work.
words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
         "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"]
lines = []
seed = 12345
for i in range(40000):
    parts = []
    for j in range(12):
        seed = (seed * 1103515245 + 12345) % 2147483648
        parts.append(words[seed % len(words)] + str(seed % 7))
    lines.append(" ".join(parts))
text = "\n".join(lines)

counts = {}
for line in text.split("\n"):
    for word in line.split():
        w = word.lower()
        counts[w] = counts.get(w, 0) + 1

top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
for word, n in top:
    print(f"{word:10} {n}")
print(len(counts), sum(counts.values()))
