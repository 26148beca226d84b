#!/usr/bin/python3
"""Reference values for LabelAgreementTest, computed independently of the Java code with numpy:
Cohen's kappa from the confusion matrix, Fleiss' kappa from the count table, Krippendorff's alpha
from an explicit coincidence matrix built pair by pair. Writes reference.json (inputs and values).
Run: /usr/bin/python3 reference.py  (numpy only)."""
import json
import math
import numpy as np


def cohen(a, b):
    cats = sorted(set(a) | set(b))
    idx = {c: i for i, c in enumerate(cats)}
    m = np.zeros((len(cats), len(cats)))
    for x, y in zip(a, b):
        m[idx[x], idx[y]] += 1
    m /= m.sum()
    po = np.trace(m)
    pe = float(m.sum(axis=1) @ m.sum(axis=0))
    return None if pe == 1 else float((po - pe) / (1 - pe))


def fleiss(table):
    t = np.asarray(table, dtype=float)
    n_items, n = t.shape[0], t.sum(axis=1)[0]
    p = t.sum(axis=0) / (n_items * n)
    P = ((t * t).sum(axis=1) - n) / (n * (n - 1))
    pe = float((p * p).sum())
    return None if pe == 1 else float((P.mean() - pe) / (1 - pe))


def kripp(units):
    values = sorted({v for u in units for v in u if v is not None})
    idx = {v: i for i, v in enumerate(values)}
    o = np.zeros((len(values), len(values)))
    for u in units:
        present = [v for v in u if v is not None]
        m = len(present)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    o[idx[present[i]], idx[present[j]]] += 1.0 / (m - 1)
    nc = o.sum(axis=1)
    n = nc.sum()
    do = (o.sum() - np.trace(o))
    de = (n * n - (nc * nc).sum())
    return None if de == 0 else float(1 - (n - 1) * do / de)


rng = np.random.default_rng(19)
out = {"cohen": [], "fleiss": [], "krippendorff": []}

# Cohen: a small hand case, and seeded random raters who agree 70% of the time.
a = ["y", "y", "n", "n", "y", "n", "y", "y", "n", "y"]
b = ["y", "n", "n", "n", "y", "y", "y", "y", "n", "n"]
out["cohen"].append({"name": "hand", "first": a, "second": b, "value": cohen(a, b)})
for seed_n, k in ((200, 3), (1000, 5)):
    first = [str(x) for x in rng.integers(0, k, seed_n)]
    second = [f if rng.random() < 0.7 else str(rng.integers(0, k)) for f in first]
    out["cohen"].append({"name": f"random{seed_n}x{k}", "first": first, "second": second,
                         "value": cohen(first, second)})

# Fleiss: the worked example of 10 items, 14 raters, 5 categories (kappa 0.210 to three places).
example = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
           [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]
out["fleiss"].append({"name": "worked-example", "counts": example, "value": fleiss(example)})
for items, raters, k in ((50, 3, 4), (300, 6, 3)):
    table = [np.bincount(rng.integers(0, k, raters) if rng.random() < 0.5
                         else np.full(raters, rng.integers(0, k)) if rng.random() < 0.5
                         else rng.integers(0, 2, raters), minlength=k).tolist() for _ in range(items)]
    out["fleiss"].append({"name": f"random{items}x{raters}x{k}", "counts": table, "value": fleiss(table)})

# Krippendorff: the 4 coders x 12 units nominal example (alpha 0.743 to three places) and seeded
# random data with missing ratings.
k_example = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
             [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1],
             [None, None, 3, None]]
out["krippendorff"].append({"name": "worked-example", "units": k_example, "value": kripp(k_example)})
for units_n, coders, k in ((80, 4, 3), (400, 7, 5)):
    units = []
    for _ in range(units_n):
        truth = int(rng.integers(0, k))
        units.append([None if rng.random() < 0.25 else
                      (truth if rng.random() < 0.6 else int(rng.integers(0, k))) for _ in range(coders)])
    out["krippendorff"].append({"name": f"random{units_n}x{coders}x{k}", "units": units, "value": kripp(units)})

assert round(out["fleiss"][0]["value"], 3) == 0.210, out["fleiss"][0]["value"]
assert round(out["krippendorff"][0]["value"], 3) == 0.743, out["krippendorff"][0]["value"]
with open("reference.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
for key, cases in out.items():
    for c in cases:
        print(key, c["name"], repr(c["value"]))
