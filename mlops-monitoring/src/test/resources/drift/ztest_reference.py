"""Reference values of the two-proportion z test (Evidently's definition), from numpy and scipy.

Run: python3 ztest_reference.py ; the values are pasted into DriftAutoAndDatasetTest.java and DriftAutoChoiceTest.java.
"""
import numpy as np
from scipy.stats import norm

cases = {
    "balanced": (["a"] * 60 + ["b"] * 40, ["a"] * 45 + ["b"] * 55),
    "small_shift": (["yes"] * 300 + ["no"] * 700, ["yes"] * 320 + ["no"] * 680),
    "one_side_only": (["x"] * 50, ["x"] * 30 + ["y"] * 20),
}
for name, (ref, cur) in cases.items():
    first = ref[0]
    r = np.array([v == first for v in ref], dtype=float)
    c = np.array([v == first for v in cur], dtype=float)
    n1, n2 = len(r), len(c)
    p1, p2 = r.mean(), c.mean()
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p = 2 * norm.sf(abs(z))
    print(f"{name}: z={z!r} p={p!r}")
