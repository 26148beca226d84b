#!/usr/bin/env python3
"""Generates reference.json for DriftTestsReferenceTest.

Every expected value comes from scipy/numpy (run with numpy 2.4, scipy 1.17.1):
    python3 generate_reference.py
The seeded samples cover small sizes (exact KS and CvM p-values), ties from rounded
data, heavy tails, shifted distributions, large samples (asymptotic KS, every branch of
scipy's kstwo survival function) and categorical samples with categories seen on one side
only. Large samples are "synthetic": x_i = offset + scale * ((i * mult) % mod) / mod,
which Java rebuilds bit for bit, so they need not be stored.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

FLOOR = 0.0001


def psi_numeric(ref, cur):
    edges = np.quantile(ref, np.arange(1, 10) / 10.0)
    ref_share = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / len(ref)
    cur_share = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / len(cur)
    ref_share = np.where(ref_share == 0, FLOOR, ref_share)
    cur_share = np.where(cur_share == 0, FLOOR, cur_share)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


def numeric_results(ref, cur):
    res = {}
    ks = stats.ks_2samp(ref, cur, alternative="two-sided", method="auto")
    res["ks"] = [float(ks.statistic), float(ks.pvalue)]
    if min(len(ref), len(cur)) >= 2:
        cvm = stats.cramervonmises_2samp(ref, cur, method="auto")
        res["cvm"] = [float(cvm.statistic), float(cvm.pvalue)]
    mw = stats.mannwhitneyu(ref, cur, alternative="two-sided", method="asymptotic",
                            use_continuity=True)
    res["mannw"] = [float(mw.statistic), float(mw.pvalue)]
    if min(len(ref), len(cur)) >= 2:
        tt = stats.ttest_ind(ref, cur, equal_var=False)
        res["t_test"] = [float(tt.statistic), float(tt.pvalue)]
    wd = stats.wasserstein_distance(ref, cur)
    res["wasserstein"] = [float(wd), None]
    res["wasserstein_norm"] = [float(wd / max(np.std(ref), 0.001)), None]
    res["energy"] = [float(stats.energy_distance(ref, cur)), None]
    res["psi"] = [psi_numeric(ref, cur), None]
    return res


def categorical_results(ref, cur):
    cats = sorted(set(ref) | set(cur))
    rc = np.array([ref.count(c) for c in cats], dtype=float)
    cc = np.array([cur.count(c) for c in cats], dtype=float)
    p, q = rc / rc.sum(), cc / cc.sum()
    res = {}
    chi = stats.chi2_contingency(np.vstack([rc, cc]), correction=False)
    res["chisquare"] = [float(chi.statistic), float(chi.pvalue)]
    res["jensenshannon"] = [float(distance.jensenshannon(p, q)), None]
    res["hellinger"] = [float(np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))), None]
    res["tvd"] = [float(0.5 * np.sum(np.abs(p - q))), None]
    pf = np.where(p == 0, FLOOR, p)
    qf = np.where(q == 0, FLOOR, q)
    res["psi"] = [float(np.sum((qf - pf) * np.log(qf / pf))), None]
    return res


def synthetic(n, mult, mod, offset, scale):
    i = np.arange(n, dtype=np.int64)
    return offset + scale * (((i * mult) % mod) / float(mod))


def main():
    rng = np.random.default_rng(20240611)
    numeric = []

    def add(case_id, ref, cur):
        ref = np.asarray(ref, dtype=float)
        cur = np.asarray(cur, dtype=float)
        numeric.append({"id": case_id, "reference": ref.tolist(), "current": cur.tolist(),
                        "results": numeric_results(ref, cur)})

    def add_synthetic(case_id, ref_spec, cur_spec):
        ref = synthetic(**ref_spec)
        cur = synthetic(**cur_spec)
        numeric.append({"id": case_id, "referenceSynthetic": ref_spec,
                        "currentSynthetic": cur_spec, "results": numeric_results(ref, cur)})

    add("tiny-normal-8-vs-10", rng.normal(0, 1, 8), rng.normal(0.5, 1, 10))
    add("tiny-one-vs-five", rng.normal(0, 1, 1), rng.normal(0, 1, 5))
    add("equal-size-20-no-drift", rng.normal(0, 1, 20), rng.normal(0, 1, 20))
    add("equal-size-20-shift", rng.normal(0, 1, 20), rng.normal(1.2, 1, 20))
    add("small-ties-rounded-15-vs-12", np.round(rng.normal(0, 1, 15) * 2) / 2,
        np.round(rng.normal(0.3, 1, 12) * 2) / 2)
    add("small-disjoint-6-vs-9", rng.uniform(0, 1, 6), rng.uniform(2, 3, 9))
    add("cvm-boundary-20-vs-21", rng.normal(0, 1, 20), rng.normal(0.4, 1, 21))
    add("shifted-normal-200-vs-300", rng.normal(0, 1, 200), rng.normal(0.25, 1, 300))
    add("heavy-tails-student2-500-vs-400", rng.standard_t(2, 500), rng.standard_t(2, 400) * 1.3)
    add("cauchy-300-vs-350", rng.standard_cauchy(300), rng.standard_cauchy(350) + 0.5)
    add("lognormal-1000-vs-1500", rng.lognormal(0, 1, 1000), rng.lognormal(0.1, 1, 1500))
    add("poisson-ties-2000-vs-2500", rng.poisson(3, 2000), rng.poisson(3.1, 2500))
    add("rounded-ties-3000-vs-3000", np.round(rng.normal(0, 1, 3000), 1),
        np.round(rng.normal(0, 1.05, 3000), 1))
    add("exact-limit-10000-vs-700", rng.normal(0, 1, 10000), rng.normal(0.05, 1, 700))
    add("asymptotic-12000-vs-50", rng.normal(0, 1, 12000), rng.normal(0.3, 1, 50))
    add("asymptotic-12000-vs-130-no-drift", rng.normal(0, 1, 12000), rng.normal(0, 1, 130))
    add("asymptotic-10001-vs-400", rng.exponential(1, 10001), rng.exponential(1.1, 400))
    add("asymptotic-15000-vs-12000-drift", rng.normal(0, 1, 15000), rng.normal(0.08, 1, 12000))
    add("constant-reference-vs-spread", np.full(30, 2.0), rng.normal(2, 1, 25))
    add_synthetic("synthetic-300000-vs-250000-no-drift",
                  dict(n=300000, mult=7919, mod=100003, offset=0.0, scale=1.0),
                  dict(n=250000, mult=104729, mod=99991, offset=0.002, scale=1.0))
    add_synthetic("synthetic-200000-vs-150000-small-shift",
                  dict(n=200000, mult=7919, mod=100003, offset=0.0, scale=1.0),
                  dict(n=150000, mult=104729, mod=99991, offset=0.004, scale=1.0))
    add_synthetic("synthetic-60000-vs-40000-drift",
                  dict(n=60000, mult=7919, mod=100003, offset=0.0, scale=1.0),
                  dict(n=40000, mult=104729, mod=99991, offset=0.02, scale=1.05))

    categorical = []

    def add_cat(case_id, ref, cur):
        ref, cur = list(ref), list(cur)
        categorical.append({"id": case_id, "reference": ref, "current": cur,
                            "results": categorical_results(ref, cur)})

    colours = np.array(["red", "green", "blue"])
    add_cat("three-colours-no-drift", colours[rng.choice(3, 500, p=[.5, .3, .2])],
            colours[rng.choice(3, 400, p=[.5, .3, .2])])
    add_cat("three-colours-drift", colours[rng.choice(3, 500, p=[.5, .3, .2])],
            colours[rng.choice(3, 400, p=[.3, .3, .4])])
    four = np.array(["a", "b", "c", "new"])
    add_cat("category-only-in-current", four[rng.choice(3, 300, p=[.4, .4, .2])],
            four[rng.choice(4, 250, p=[.35, .35, .2, .1])])
    add_cat("category-only-in-reference", four[rng.choice(4, 300, p=[.3, .3, .2, .2])],
            four[rng.choice(3, 200, p=[.4, .4, .2])])
    zipf = np.array([f"c{i}" for i in range(12)])
    w = 1.0 / np.arange(1, 13)
    add_cat("zipf-twelve-categories", zipf[rng.choice(12, 2000, p=w / w.sum())],
            zipf[rng.choice(12, 1800, p=np.roll(w, 1) / w.sum())])
    yn = np.array(["yes", "no"])
    add_cat("two-categories", yn[rng.choice(2, 120, p=[.6, .4])], yn[rng.choice(2, 90, p=[.45, .55])])
    add_cat("tiny-categorical", ["x", "y", "x"], ["y", "y", "z", "x"])

    kstwo = []
    for n in [1, 2, 5, 10, 50, 140, 141, 1000, 8571, 100000, 100001, 142857, 500000]:
        for x in [0.3 / n, 0.7 / n, 1.5 / n, 0.02, 0.05, 0.1, 0.3, 0.6, 0.9,
                  0.5 / math.sqrt(n), 0.8 / math.sqrt(n), 1.0 / math.sqrt(n),
                  1.3 / math.sqrt(n), 1.6 / math.sqrt(n), 2.5 / math.sqrt(n),
                  4.0 / math.sqrt(n), 1.4 ** (2 / 3) / n ** (2 / 3)]:
            if 0 < x < 1:
                kstwo.append([n, x, float(stats.kstwo.sf(x, n))])

    out = {"generator": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "scipy": scipy.__version__},
           "numeric": numeric, "categorical": categorical, "kstwoSf": kstwo}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
