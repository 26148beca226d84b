"""Reference values for SegmentDriftTest: exact two-sample KS tests (scipy.stats.ks_2samp) on the
same data the Java test generates (SplitMix64 + Box-Muller, reproduced here bit for bit), for the
whole traffic and per segment, Bonferroni-corrected over the 5 features.

Run: python3 segment_drift.py > segment_drift.json
"""
import json
import math

from scipy.stats import ks_2samp

M = (1 << 64) - 1
FEATURES = 5
SEGMENTS = ["web", "store", "phone", "partner"]
BOUNDS = [0.50, 0.75, 0.95, 1.0]          # partner: 5% of traffic
OFFSET = {"web": 0.0, "store": 0.5, "phone": -0.5, "partner": 1.0}
SHIFT = 1.5                              # partner's x0 in the drift run
WINDOW = 1000
WINDOWS = 2


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & M

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * (1.0 / (1 << 53))

    def normal(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)


def rows(seed, n, shift):
    rng = SplitMix64(seed)
    out = []
    for _ in range(n):
        u = rng.uniform()
        seg = next(s for s, b in zip(SEGMENTS, BOUNDS) if u < b)
        xs = [rng.normal() for _ in range(FEATURES)]
        xs[0] += OFFSET[seg] + (shift if seg == "partner" else 0.0)
        out.append((seg, xs))
    return out


def ks(ref, cur, f):
    r = ks_2samp([x[f] for _, x in ref], [x[f] for _, x in cur])
    return float(r.statistic), min(1.0, float(r.pvalue) * FEATURES)


def run(seed, shift, reference):
    data = rows(seed, WINDOW * WINDOWS, shift)
    windows = []
    for w in range(WINDOWS):
        cur = data[w * WINDOW:(w + 1) * WINDOW]
        entry = {"rows": {s: sum(1 for g, _ in cur if g == s) for s in SEGMENTS}}
        agg = [ks(reference, cur, f) for f in range(FEATURES)]
        entry["aggregate_x0_statistic"], entry["aggregate_x0_adjusted_p"] = agg[0]
        entry["aggregate_min_adjusted_p"] = min(p for _, p in agg)
        per = {}
        for s in SEGMENTS:
            ref_s = [r for r in reference if r[0] == s]
            cur_s = [r for r in cur if r[0] == s]
            res = [ks(ref_s, cur_s, f) for f in range(FEATURES)]
            per[s] = {"x0_statistic": res[0][0], "x0_adjusted_p": res[0][1],
                      "min_adjusted_p": min(p for _, p in res)}
        entry["segments"] = per
        windows.append(entry)
    return windows


reference = rows(20, 20000, 0.0)
print(json.dumps({
    "reference_rows": {s: sum(1 for g, _ in reference if g == s) for s in SEGMENTS},
    "first_reference_x0": reference[0][1][0],
    "drift": run(24, SHIFT, reference),
    "stable": run(22, 0.0, reference),
}, indent=1))
