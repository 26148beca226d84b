#!/usr/bin/env python3
"""Generates ttest_reference.json for WelchTTestTest: scipy.stats.ttest_ind(equal_var=False)
on samples where a naive sum loses digits (large offsets plus small noise), and the exact t and
Welch-Satterthwaite df (means and sums of squared deviations in exact rational arithmetic,
rounded once at the end), because numpy's pairwise float sums are themselves off there.

Samples are "synthetic", x_i = offset + scale * ((i * mult) % mod) / mod, which Java rebuilds
bit for bit, so they need not be stored. Run with numpy 2.4, scipy 1.17.1:
    python3 ttest_reference.py
"""
import json
import os
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats


def synthetic(n, mult, mod, offset, scale):
    i = np.arange(n, dtype=np.int64)
    return offset + scale * (((i * mult) % mod) / float(mod))


CASES = [
    ("offset-1e9-noise-1-vs-shifted", dict(n=200_003, mult=7919, mod=100_003, offset=1e9, scale=1.0),
     dict(n=150_001, mult=104_729, mod=99_991, offset=1e9 + 0.002, scale=1.0)),
    ("offset-1e9-noise-1e-3", dict(n=100_000, mult=7919, mod=65_537, offset=1e9, scale=1e-3),
     dict(n=120_000, mult=6007, mod=65_521, offset=1e9, scale=1e-3)),
    ("offset-minus-1e12-noise-10", dict(n=50_000, mult=31, mod=4_099, offset=-1e12, scale=10.0),
     dict(n=70_000, mult=17, mod=4_111, offset=-1e12 + 0.1, scale=10.0)),
    ("offset-1e6-unequal-scales", dict(n=1_000, mult=13, mod=997, offset=1e6, scale=0.5),
     dict(n=30_000, mult=101, mod=9_973, offset=1e6, scale=20.0)),
    ("small-unit-interval", dict(n=5, mult=3, mod=7, offset=0.0, scale=1.0),
     dict(n=9, mult=5, mod=11, offset=0.25, scale=1.0)),
]


def exact_t_and_df(ref, cur):
    """t and df from exact means and sums of squares of the given doubles."""
    def moments(x):
        xs = [Fraction(float(v)) for v in x]
        n = len(xs)
        mean = sum(xs) / n
        ss = sum((v - mean) ** 2 for v in xs)
        return n, mean, ss / (n - 1) / n
    nx, mx, vx = moments(ref)
    ny, my, vy = moments(cur)
    se2 = vx + vy
    t = float(mx - my) / float(se2) ** 0.5 if mx != my else 0.0
    df = float(se2 * se2 / (vx * vx / (nx - 1) + vy * vy / (ny - 1)))
    return t, df


def main():
    out = {"scipy": scipy.__version__, "numpy": np.__version__, "cases": []}
    for case_id, ref_spec, cur_spec in CASES:
        ref, cur = synthetic(**ref_spec), synthetic(**cur_spec)
        tt = stats.ttest_ind(ref, cur, equal_var=False)
        t, df = exact_t_and_df(ref, cur)
        out["cases"].append({"id": case_id, "reference": ref_spec, "current": cur_spec,
                             "statistic": float(tt.statistic), "pvalue": float(tt.pvalue),
                             "df": float(tt.df), "exact_statistic": t, "exact_df": df,
                             "exact_pvalue": float(stats.t.sf(abs(t), df) * 2)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ttest_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
