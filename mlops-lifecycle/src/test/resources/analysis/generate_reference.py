#!/usr/bin/env python3
"""Generates reference.json for the org.mlops4j.lifecycle.analysis tests.

Run with numpy 2.4 and scipy 1.17.1 from this directory:
    python3 generate_reference.py

Three sections:

canary -- for fixed-seed pairs (control, experiment) the Hodges-Lehmann shift of
    experiment - control (numpy median of all n*m pairwise differences), scipy's
    mannwhitneyu(experiment, control, two-sided, method='asymptotic', use_continuity=True)
    p-value, the two medians, and confidence intervals for the shift computed with R's
    wilcox.test(experiment, control, conf.int=TRUE, exact=FALSE, correct=TRUE) algorithm,
    re-implemented below as r_wdiff():

        wdiff(d, zq) = (dz - sign(dz)/2) / sigma(d) - zq,
        dz = (rank sum of experiment - d in c(experiment - d, control))
             - n (n + 1) / 2 - n m / 2,
        sigma(d) = sqrt(n m / 12 * ((n + m + 1) - sum(t^3 - t) / ((n + m)(n + m - 1)))),
                   t = tie-group sizes of c(experiment - d, control),

    lower = root(wdiff(., qnorm(1 - alpha/2))), upper = root(wdiff(., qnorm(alpha/2))),
    searched on [min(experiment) - max(control), max(experiment) - min(control)], with R's
    rule that an endpoint is returned when wdiff already has the wanted sign there.

    wdiff is a step function of d: it only changes where d crosses a pairwise difference.
    R's uniroot(tol = 1e-4) therefore returns a point within about 1e-4 of the pairwise
    difference at which wdiff changes sign, and that pairwise difference is the value we
    store ("lower"/"upper") so that Java can be checked to 1e-9 instead of 1e-4. It is found
    by brute force: every pairwise difference is materialised, wdiff (full ranking, R's
    formula) is evaluated between every two consecutive distinct differences (small cases:
    all gaps, checked to be monotone; the large synthetic case: bisection over the gaps,
    which is valid because of that monotonicity), and the sign change is located. As a
    cross-check the script also runs scipy.optimize.brentq with R's tolerance (the
    "uniroot_*" values) and asserts it lands within 2e-4 of the brute-force endpoint; it
    also asserts that the closed form Java uses (the c-th order statistic of the
    differences, c = the first count of differences at which the generic-point statistic
    (n m / 2 - c - sign(n m / 2 - c) / 2) / sigma0 drops to zq or below) gives the same
    endpoint.

msprt -- mixture SPRT golden values: for sequences of cumulative counts, the statistic
    Lambda = sqrt(V / (V + tau^2)) exp(tau^2 theta^2 / (2 V (V + tau^2))), with
    theta = p_t - p_c and V = p_c (1 - p_c) / n_c + p_t (1 - p_t) / n_t, and the always-valid
    p-value min(previous p, 1 / Lambda) taken only once both arms have min_samples trials.
    Also the plug-in sample sizes for the stopping test (0.10 vs 0.02).

srm -- scipy.stats.chisquare(observed, expected = total * w / sum(w)) for sample-ratio checks.
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import optimize, stats


def synthetic(n, mult, mod, offset, scale):
    i = np.arange(n, dtype=np.int64)
    return offset + scale * (((i * mult) % mod) / float(mod))


def r_wdiff(x, y, d, zq, correct=True):
    """R's wdiff() from stats:::wilcox.test.default, two-sample, exact=FALSE."""
    nx, ny = len(x), len(y)
    dr = stats.rankdata(np.concatenate([x - d, y]))
    _, nties = np.unique(dr, return_counts=True)
    dz = dr[:nx].sum() - nx * (nx + 1) / 2.0 - nx * ny / 2.0
    cc = np.sign(dz) * 0.5 if correct else 0.0
    sigma = math.sqrt((nx * ny / 12.0) * ((nx + ny + 1)
                      - np.sum(nties.astype(float) ** 3 - nties) / ((nx + ny) * (nx + ny - 1))))
    return (dz - cc) / sigma - zq


def brute_force_root(x, y, diffs_unique, zq, exhaustive):
    """The pairwise difference at which R's wdiff changes sign (R's root(), exactly)."""
    mumin, mumax = diffs_unique[0], diffs_unique[-1]
    if r_wdiff(x, y, mumin, zq) <= 0:
        return float(mumin)
    if r_wdiff(x, y, mumax, zq) >= 0:
        return float(mumax)
    mids = (diffs_unique[:-1] + diffs_unique[1:]) / 2.0
    if exhaustive:
        f = np.array([r_wdiff(x, y, m, zq) for m in mids])
        assert np.all(np.diff(f) <= 1e-12), "wdiff not monotone between differences"
        k = int(np.argmax(f <= 0)) if np.any(f <= 0) else len(mids)
    else:
        lo, hi = 0, len(mids)  # first gap index with f <= 0, in [0, len(mids)]
        while lo < hi:
            mid = (lo + hi) // 2
            if r_wdiff(x, y, mids[mid], zq) <= 0:
                hi = mid
            else:
                lo = mid + 1
        k = lo
    # gaps 0..k-1 positive, gap k non-positive: the sign changes at diffs_unique[k]
    return float(diffs_unique[k])


def uniroot_like(x, y, diffs_unique, zq, correct=True):
    mumin, mumax = diffs_unique[0], diffs_unique[-1]
    fl = r_wdiff(x, y, mumin, zq, correct)
    fu = r_wdiff(x, y, mumax, zq, correct)
    if fl <= 0:
        return float(mumin)
    if fu >= 0:
        return float(mumax)
    return float(optimize.brentq(lambda d: r_wdiff(x, y, d, zq, correct), mumin, mumax,
                                 xtol=1e-4))


def closed_form(x, y, diffs_sorted, zq):
    """The rule CanaryJudge implements: first count c with h(c) <= zq -> c-th difference."""
    nx, ny = len(x), len(y)
    big_n = nx * ny
    ties = 0.0
    for s in (x, y):
        _, t = np.unique(s, return_counts=True)
        ties += float(np.sum(t.astype(float) ** 3 - t))
    sigma0 = math.sqrt(nx * ny / 12.0 * ((nx + ny + 1) - ties / ((nx + ny) * (nx + ny - 1))))
    lo, hi = 0, big_n + 1
    while lo < hi:
        c = (lo + hi) // 2
        dz = big_n / 2.0 - c
        h = (dz - np.sign(dz) * 0.5) / sigma0
        if h <= zq:
            hi = c
        else:
            lo = c + 1
    c = min(max(lo, 1), big_n)
    return float(diffs_sorted[c - 1])


def canary_case(case_id, control, experiment, confidences, exhaustive=True, store=None):
    control = np.asarray(control, dtype=float)
    experiment = np.asarray(experiment, dtype=float)
    diffs = (experiment[:, None] - control[None, :]).ravel()
    diffs_sorted = np.sort(diffs)
    diffs_unique = np.unique(diffs_sorted)
    mw = stats.mannwhitneyu(experiment, control, alternative="two-sided",
                            method="asymptotic", use_continuity=True)
    intervals = []
    for conf in confidences:
        alpha = 1 - conf
        zq = float(stats.norm.ppf(1 - alpha / 2))
        lower = brute_force_root(experiment, control, diffs_unique, zq, exhaustive)
        upper = brute_force_root(experiment, control, diffs_unique, -zq, exhaustive)
        assert lower == closed_form(experiment, control, diffs_sorted, zq), case_id
        assert upper == closed_form(experiment, control, diffs_sorted, -zq), case_id
        ul = uniroot_like(experiment, control, diffs_unique, zq)
        uu = uniroot_like(experiment, control, diffs_unique, -zq)
        assert abs(ul - lower) <= 2e-4 and abs(uu - upper) <= 2e-4, (case_id, ul, lower, uu, upper)
        intervals.append({"confidence": conf, "lower": lower, "upper": upper,
                          "uniroot_lower": ul, "uniroot_upper": uu})
    case = {"id": case_id}
    if store is None:
        case["control"] = control.tolist()
        case["experiment"] = experiment.tolist()
    else:
        case.update(store)
    case.update({
        "estimate": float(np.median(diffs)),
        "uniroot_estimate": uniroot_like(experiment, control, diffs_unique, 0.0, correct=False),
        "p_value": float(mw.pvalue),
        "u_experiment": float(mw.statistic),
        "control_median": float(np.median(control)),
        "experiment_median": float(np.median(experiment)),
        "intervals": intervals,
    })
    return case


def canary_cases():
    rng = np.random.default_rng(20250301)
    confs = [0.95, 0.99, 0.8]
    cases = [
        canary_case("normal-unshifted-60-vs-55", rng.normal(100, 10, 60),
                    rng.normal(100, 10, 55), confs),
        canary_case("normal-shifted-up-50-vs-50", rng.normal(100, 10, 50),
                    rng.normal(115, 10, 50), confs),
        canary_case("lognormal-rounded-ties-80-vs-70",
                    np.round(rng.lognormal(4, 0.5, 80)),
                    np.round(rng.lognormal(4, 0.5, 70) * 1.05), confs),
        canary_case("poisson-heavy-ties-40-vs-45", rng.poisson(3, 40).astype(float),
                    rng.poisson(3.5, 45).astype(float), confs),
        canary_case("tiny-5-vs-7", rng.normal(0, 1, 5), rng.normal(0.2, 1, 7), confs),
        canary_case("shifted-down-30-vs-90", rng.normal(50, 5, 30),
                    rng.normal(44, 6, 90), confs),
        canary_case("one-vs-twelve-endpoints", rng.normal(0, 1, 1), rng.normal(3, 1, 12), confs),
        canary_case("disjoint-8-vs-6", rng.uniform(0, 1, 8), rng.uniform(5, 6, 6), confs),
    ]
    c_spec = dict(n=2000, mult=7919, mod=1009, offset=100.0, scale=20.0)
    e_spec = dict(n=1500, mult=104729, mod=997, offset=101.0, scale=21.0)
    cases.append(canary_case("synthetic-ties-2000-vs-1500", synthetic(**c_spec),
                             synthetic(**e_spec), confs, exhaustive=False,
                             store={"controlSynthetic": c_spec, "experimentSynthetic": e_spec}))
    return cases


def msprt_lambda(cf, ct, tf, tt, tau):
    pc, pt = cf / ct, tf / tt
    theta = pt - pc
    v = pc * (1 - pc) / ct + pt * (1 - pt) / tt
    tau2 = tau * tau
    if v == 0.0:
        return theta, v, (1.0 if theta == 0.0 else math.inf)
    log_lambda = 0.5 * math.log(v / (v + tau2)) + tau2 * theta * theta / (2 * v * (v + tau2))
    return theta, v, math.exp(log_lambda)


def msprt_sequence(case_id, tau, min_samples, steps):
    p = 1.0
    out = []
    for prev, cur in zip(steps, steps[1:]):
        assert all(a <= b for a, b in zip(prev, cur)), (case_id, "counts must be cumulative")
    for cf, ct, tf, tt in steps:
        theta, v, lam = msprt_lambda(cf, ct, tf, tt, tau)
        if ct >= min_samples and tt >= min_samples:
            p = min(p, 1.0 / lam)
        out.append({"counts": [cf, ct, tf, tt], "theta": theta, "variance": v, "lambda": lam,
                    "p_value": p})
    return {"id": case_id, "tau": tau, "min_samples": min_samples, "steps": out}


def msprt_section():
    sequences = [
        msprt_sequence("equal-n-drifting-apart", 0.01, 100, [
            (2, 100, 3, 100), (4, 200, 9, 200), (7, 400, 21, 400), (11, 800, 45, 800),
            (20, 1600, 70, 1600), (38, 3200, 100, 3200)]),
        msprt_sequence("unequal-n-treatment-better", 0.02, 50, [
            (30, 300, 2, 60), (55, 600, 5, 150), (110, 1200, 14, 400), (160, 1800, 30, 900),
            (230, 2500, 60, 2000)]),
        msprt_sequence("below-min-samples-then-null", 0.01, 500, [
            (0, 40, 5, 40), (9, 400, 30, 400), (10, 500, 31, 500), (31, 1500, 44, 1500),
            (60, 3000, 66, 3000)]),
        msprt_sequence("wide-mixture", 0.1, 100, [
            (10, 1000, 12, 1000), (20, 2000, 30, 2000), (30, 3000, 52, 3000),
            (1000, 100000, 1100, 100000)]),
    ]
    # Stopping-time bounds for pc = 0.02 vs pt = 0.10 (equal n per arm), tau = 0.01, alpha 0.05.
    pc, pt, tau, alpha = 0.02, 0.10, 0.01, 0.05
    theta = pt - pc

    def lam(n, th):
        v = (pc * (1 - pc) + pt * (1 - pt)) / n
        t2 = tau * tau
        return math.sqrt(v / (v + t2)) * math.exp(t2 * th * th / (2 * v * (v + t2)))

    def first_n(shrink):
        n = 1
        while True:
            se = math.sqrt((pc * (1 - pc) + pt * (1 - pt)) / n)
            if lam(n, max(theta - shrink * se, 0.0)) >= 1 / alpha:
                return n
            n += 1

    bounds = {"control_rate": pc, "treatment_rate": pt, "tau": tau, "alpha": alpha,
              "n_plug_in": first_n(0.0), "n_three_sigma": first_n(3.0)}
    return {"sequences": sequences, "stopping": bounds}


def srm_case(case_id, observed, weights):
    keys = sorted(observed)
    obs = np.array([observed[k] for k in keys], dtype=float)
    w = np.array([weights[k] for k in keys], dtype=float)
    expected = obs.sum() * w / w.sum()
    res = stats.chisquare(obs, f_exp=expected)
    return {"id": case_id, "observed": observed, "weights": weights,
            "statistic": float(res.statistic), "p_value": float(res.pvalue),
            "expected": {k: float(e) for k, e in zip(keys, expected)}}


def srm_section():
    return [
        srm_case("balanced-ok", {"control": 50123, "treatment": 49877},
                 {"control": 0.5, "treatment": 0.5}),
        srm_case("balanced-mismatch", {"control": 10000, "treatment": 10500},
                 {"control": 1.0, "treatment": 1.0}),
        srm_case("percent-weights-canary", {"champion": 94812, "canary": 5188},
                 {"champion": 95.0, "canary": 5.0}),
        srm_case("three-way-1-1-2", {"a": 2480, "b": 2555, "c": 4965},
                 {"a": 1.0, "b": 1.0, "c": 2.0}),
        srm_case("tiny-p-tail", {"a": 51500, "b": 48500}, {"a": 0.5, "b": 0.5}),
        srm_case("zero-count-variant", {"a": 0, "b": 30, "c": 25}, {"a": 1.0, "b": 1.0, "c": 1.0}),
    ]


def main():
    out = {
        "generator": "generate_reference.py",
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "canary": canary_cases(),
        "msprt": msprt_section(),
        "srm": srm_section(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", path, "stopping bounds", out["msprt"]["stopping"])


if __name__ == "__main__":
    main()
