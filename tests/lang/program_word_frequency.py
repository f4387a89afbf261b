# small program: word frequency table with formatting
text = """The quick brown fox jumps over the lazy dog. The dog sleeps;
the fox runs! A quick fox, a lazy dog, and the end."""
words = []
for raw in text.split():
    w = raw.strip(".,;!").lower()
    if w:
        words.append(w)
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
print("%d words, %d distinct" % (len(words), len(freq)))
for word, n in ranked[:8]:
    print(f"{word:<8}{n:>3} {'#' * n}")
longest = max(freq, key=lambda w: (len(w), w))
print("longest:", longest, "| first letters:", "".join(sorted({w[0] for w in freq})))
by_len = {}
for w in sorted(freq):
    by_len.setdefault(len(w), []).append(w)
for k in sorted(by_len):
    print(k, by_len[k])
