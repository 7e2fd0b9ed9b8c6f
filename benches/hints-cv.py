#!/usr/bin/env python3
"""Cross-validation on the development half of the hint sentences.

Reads the cues of every development sentence, as `cargo bench --bench hints
-- --dev --triggers` prints them, on stdin, and the labelled set for each
sentence's source. Folds are whole sources (five, by the SHA-256 of the
source's name), so that what is measured is how well a choice carries to
prose from other writers, which is what the test half asks. It never sees a
test sentence. It prints, for the choices docs/HINTS.md discusses:

- the rules as written, on all development sentences, on the older corpus
  ones and on those from outside the corpus;
- every cue's weight tuned on four folds (coordinate descent) and scored on
  the fifth;
- a learned word list per label added to the cues;
- a logistic regression over the cues and the words;
- an article-level signal (a source's other sentences standing for its
  article);
- the past-tense cue, fold by fold, with and without it;
- with a sentiment lexicon as a second argument (VADER's
  `vader_lexicon.txt`, as the vader_sentiment crate ships it: word, mean
  valence, ...), its words of strong valence as an opinion cue, the
  threshold and weight chosen on four folds and scored on the fifth.

    CARGO_TARGET_DIR=/work/bench-target cargo bench --bench hints -- --dev --triggers \
        | python3 benches/hints-cv.py tests/fixtures/hint-sentences.tsv [vader_lexicon.txt]
"""

import collections
import hashlib
import math
import random
import re
import sys

RANK = {"opinion": 0, "claim": 1, "speculation": 2}
LABELS = ["claim", "none", "opinion", "speculation"]
PAST_CUE = "a verb in the past tense: what happened or was done"


def read_triggers(lines):
    sentences = []
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if f[0] == "SENTENCE":
            sentences.append({"gold": f[1], "text": f[3], "cues": collections.Counter(), "w": {}})
        elif f[0] == "CUE":
            key = (f[1], f[3])
            sentences[-1]["cues"][key] += 1
            sentences[-1]["w"][key] = float(f[2])
    return sentences


def choose(s, weights=None, drop=()):
    """Rules::choose: each cue counted at most twice, "none" against all."""
    weights = weights or {}
    total = collections.defaultdict(float)
    for key, n in s["cues"].items():
        if key[1] in drop:
            continue
        total[key[0]] += weights.get(key, s["w"][key]) * min(n, 2)
    against = total.pop("none", 0.0)
    best = None
    for label, v in total.items():
        v -= against
        if v >= 1.0 and (best is None or v > best[0] or (v == best[0] and RANK.get(label, 9) < RANK.get(best[1], 9))):
            best = (v, label)
    return best[1] if best else "none"


def right(sentences, predict):
    return sum(predict(s) == s["gold"] for s in sentences)


def words(text):
    return {w for w in re.findall(r"[a-z][a-z']*", text.lower().replace("\u2019", "'")) if len(w) > 2}


def fold_of(source):
    return int(hashlib.sha256(source.encode()).hexdigest(), 16) % 5


def folds(sentences):
    for k in range(5):
        yield ([s for s in sentences if s["fold"] != k], [s for s in sentences if s["fold"] == k])


def tune_weights(train):
    grid = [-1, -0.5, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4]
    weights = {}
    for s in train:
        weights.update(s["w"])
    best = right(train, lambda s: choose(s, weights))
    for _ in range(2):
        for key in sorted(weights):
            for g in grid:
                old, weights[key] = weights[key], g
                score = right(train, lambda s: choose(s, weights))
                if score > best:
                    best = score
                else:
                    weights[key] = old
    return weights


def learned_lists(train, min_count, min_log_odds):
    df = collections.defaultdict(collections.Counter)
    n = collections.Counter(s["gold"] for s in train)
    for s in train:
        for w in words(s["text"]):
            df[w][s["gold"]] += 1
    lists = collections.defaultdict(set)
    for w, c in df.items():
        total = sum(c.values())
        if total < min_count:
            continue
        for label in ("opinion", "claim"):
            p, q = (c[label] + 0.5) / (total + 1), n[label] / len(train)
            if math.log(p / (1 - p)) - math.log(q / (1 - q)) >= min_log_odds:
                lists[label].add(w)
    return lists


def with_lists(s, lists, weight):
    s2 = dict(s, cues=collections.Counter(s["cues"]), w=dict(s["w"]))
    for label, found in lists.items():
        hits = words(s["text"]) & found
        if hits:
            s2["cues"][(label, "learned")] = len(hits)
            s2["w"][(label, "learned")] = weight
    return s2


def features(s):
    f = {"C:%s:%s" % key: min(n, 2) for key, n in s["cues"].items()}
    f.update({"W:" + w: 1 for w in words(s["text"])})
    f["bias"] = 1
    return f


def logistic(train, l2=0.01, epochs=15, rate=0.1):
    counts = collections.Counter(w for s in train for w in words(s["text"]))
    keep = lambda k: not k.startswith("W:") or counts[k[2:]] >= 2
    weights = {label: collections.defaultdict(float) for label in LABELS}
    data = [({k: v for k, v in features(s).items() if keep(k)}, s["gold"]) for s in train]
    rnd = random.Random(1)
    for _ in range(epochs):
        rnd.shuffle(data)
        for f, gold in data:
            score = {l: sum(weights[l][k] * v for k, v in f.items()) for l in LABELS}
            top = max(score.values())
            z = sum(math.exp(v - top) for v in score.values())
            for l in LABELS:
                g = math.exp(score[l] - top) / z - (l == gold)
                for k, v in f.items():
                    weights[l][k] -= rate * (g * v + l2 * weights[l][k])
    return lambda s: max(LABELS, key=lambda l: sum(weights[l].get(k, 0) * v for k, v in features(s).items()))


def main():
    tsv = open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]
    source = {row.split("\t")[3]: row.split("\t")[1] for row in tsv if row.startswith("dev\t")}
    sentences = read_triggers(sys.stdin)
    for s in sentences:
        s["source"] = source[s["text"]]
        s["fold"] = fold_of(s["source"])
        s["corpus"] = s["source"].startswith(("web:", "corpus:"))
    n = len(sentences)
    rules = lambda s: choose(s)
    print("rules as written: %d/%d = %.3f" % (right(sentences, rules), n, right(sentences, rules) / n))
    for name, part in (("corpus", [s for s in sentences if s["corpus"]]), ("outside the corpus", [s for s in sentences if not s["corpus"]])):
        print("  %s: %d/%d = %.3f" % (name, right(part, rules), len(part), right(part, rules) / len(part)))

    tuned = sum(right(test, lambda s, w=tune_weights(train): choose(s, w)) for train, test in folds(sentences))
    print("weights tuned on four folds, scored on the fifth: %.3f" % (tuned / n))

    for min_count, min_log_odds, weight in ((3, 1.0, 0.5), (5, 1.0, 0.5), (3, 1.5, 0.5), (3, 1.0, 1.0)):
        got = sum(
            right(test, lambda s, l=learned_lists(train, min_count, min_log_odds): choose(with_lists(s, l, weight)))
            for train, test in folds(sentences)
        )
        print("learned word lists (count >= %d, log odds >= %.1f, weight %.1f): %.3f" % (min_count, min_log_odds, weight, got / n))

    got = sum(right(test, logistic(train)) for train, test in folds(sentences))
    print("logistic regression over cues and words: %.3f" % (got / n))

    by_source = collections.defaultdict(list)
    for s in sentences:
        by_source[s["source"]].append(s)
    first_person = re.compile(r"\b(I|we|my|our|us|I'm|I've|we're|I'd)\b")
    signals = {
        "share of the source's other sentences hinted opinion": lambda o: choose(o) == "opinion",
        "share of the source's other sentences in the first person": lambda o: bool(first_person.search(o["text"].replace("\u2019", "'"))),
    }
    plain = lambda s: choose(s) == "claim" and all(k[1].startswith("a plain statement") for k in s["cues"] if k[0] == "claim")
    for name, signal in signals.items():
        for threshold in (0.3, 0.5):
            def with_article(s):
                others = [o for o in by_source[s["source"]] if o is not s]
                share = sum(map(signal, others)) / len(others) if others else 0
                return "opinion" if plain(s) and share >= threshold else choose(s)
            print("plain statements made opinions where the %s >= %.1f: %.3f" % (name, threshold, right(sentences, with_article) / n))

    print("past-tense cue, fold by fold (without, with):")
    for k, (_, test) in enumerate(folds(sentences)):
        print("  fold %d (%d sentences): %d, %d" % (k, len(test), right(test, lambda s: choose(s, drop=(PAST_CUE,))), right(test, rules)))

    if len(sys.argv) > 2:
        lexicon_cue(sentences, read_lexicon(sys.argv[2]))


def read_lexicon(path):
    """Word -> mean valence (-4 to 4), single words only."""
    lexicon = {}
    for line in open(path, encoding="utf-8"):
        f = line.split("\t")
        if len(f) > 1 and re.fullmatch(r"[a-z][a-z'-]*", f[0]):
            lexicon[f[0]] = abs(float(f[1]))
    return lexicon


def lexicon_cue(sentences, lexicon):
    """Words of |valence| >= t count as an opinion cue of weight w."""
    for s in sentences:
        found = re.findall(r"[a-z][a-z'-]*", s["text"].lower().replace("\u2019", "'"))
        s["valence"] = [lexicon[w] for w in found if w in lexicon]

    def with_cue(s, t, w):
        n = sum(v >= t for v in s["valence"])
        if not n:
            return s
        s2 = dict(s, cues=collections.Counter(s["cues"]), w=dict(s["w"]))
        s2["cues"][("opinion", "lexicon")] = n
        s2["w"][("opinion", "lexicon")] = w
        return s2

    grid = [(t, w) for t in (1.0, 1.5, 2.0, 2.5, 3.0) for w in (0.25, 0.5, 0.75, 1.0, 1.5)]
    n = len(sentences)
    best_all = max(grid, key=lambda p: right(sentences, lambda s: choose(with_cue(s, *p))))
    print("lexicon cue, best on the whole half (|valence| >= %.1f, weight %.2f): %.3f"
          % (*best_all, right(sentences, lambda s: choose(with_cue(s, *best_all))) / n))
    got = 0
    for train, test in folds(sentences):
        p = max(grid, key=lambda p: right(train, lambda s: choose(with_cue(s, *p))))
        got += right(test, lambda s: choose(with_cue(s, *p)))
    print("lexicon cue, chosen on four folds, scored on the fifth: %.3f" % (got / n))


if __name__ == "__main__":
    main()
