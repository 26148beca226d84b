"""Times scipy's two-sample tests (ks_2samp, cramervonmises_2samp, mannwhitneyu, ttest_ind(equal_var=False),
wasserstein_distance, energy_distance; 100k and 1M per sample), PSI in numpy, and categorical tests from string
labels and from dictionary-encoded codes, on the samples DriftTestBenchmark wrote (1M vs 1M doubles, 1M vs 1M labels).

Run the Java benchmark first (it writes benchmarks/target/drift-samples.f64 and drift-labels.txt), then:
    python3 benchmarks/scripts/drift_scipy_timing.py [samples path] [labels path]
Prints the median of 7 runs after 2 warm-up runs, and scipy's statistic and p-value.
"""
import sys
import time

import numpy as np
import scipy
from scipy.spatial.distance import jensenshannon
from scipy.stats import (chi2_contingency, cramervonmises_2samp, energy_distance, ks_2samp, mannwhitneyu,
                         ttest_ind, wasserstein_distance)

path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/drift-samples.f64"
labels_path = sys.argv[2] if len(sys.argv) > 2 else "benchmarks/target/drift-labels.txt"
data = np.fromfile(path, dtype="<f8")
reference, current = data[: data.size // 2], data[data.size // 2:]



def timed(fn):
    """Runs fn twice to warm up, then 7 times; returns (median ms, min ms, last result)."""
    for _ in range(2):
        fn()
    times = []
    for _ in range(7):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return 1000 * times[3], 1000 * times[0], result


median, fastest, result = timed(lambda: ks_2samp(reference, current))
print(f"scipy {scipy.__version__} numpy {np.__version__}: ks_2samp {reference.size} vs {current.size} "
      f"median {median:.1f} ms (min {fastest:.1f} ms); "
      f"statistic {result.statistic!r}, p-value {result.pvalue!r}")


def psi_numpy(ref, cur):
    """PSI as DriftTests.numeric("psi") computes it, in numpy: 10 bins whose inner edges are the
    reference deciles (linear quantiles), a value on an edge in the upper bin, empty shares 1e-4."""
    edges = np.quantile(ref, np.arange(1, 10) / 10.0)
    r = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=10) / ref.size
    c = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=10) / cur.size
    r = np.where(r == 0, 1e-4, r)
    c = np.where(c == 0, 1e-4, c)
    return float(np.sum((c - r) * np.log(c / r)))


median, fastest, psi = timed(lambda: psi_numpy(reference, current))
print(f"numpy psi (the same formula) {reference.size} vs {current.size} median {median:.1f} ms "
      f"(min {fastest:.1f} ms); psi {psi!r}")


for size in (100_000, reference.size):
    ref, cur = reference[:size], current[:size]
    median, fastest, result = timed(lambda: ttest_ind(ref, cur, equal_var=False))
    print(f"scipy ttest_ind(equal_var=False) {ref.size} vs {cur.size} median {median:.2f} ms "
          f"(min {fastest:.2f} ms); statistic {result.statistic!r}, p-value {result.pvalue!r}")


TESTS = {
    "ks_2samp": lambda x, y: ks_2samp(x, y),
    "cramervonmises_2samp": lambda x, y: cramervonmises_2samp(x, y),
    "mannwhitneyu": lambda x, y: mannwhitneyu(x, y, alternative="two-sided", method="asymptotic"),
    "ttest_ind(equal_var=False)": lambda x, y: ttest_ind(x, y, equal_var=False),
    "wasserstein_distance": lambda x, y: wasserstein_distance(x, y),
    "energy_distance": lambda x, y: energy_distance(x, y),
}

for size in (100_000, reference.size):
    ref, cur = reference[:size], current[:size]
    total = 0.0
    for name, fn in TESTS.items():
        median, fastest, result = timed(lambda: fn(ref, cur))
        total += median
        value = (f"statistic {result.statistic!r}, p-value {result.pvalue!r}" if hasattr(result, "pvalue")
                 else f"distance {result!r}")
        print(f"scipy {name} {size} vs {size} median {median:.2f} ms (min {fastest:.2f} ms); {value}")
    print(f"scipy all six tests {size} vs {size}: sum of medians {total:.1f} ms")


def chi_square(ref_counts, cur_counts):
    return chi2_contingency(np.vstack([ref_counts, cur_counts]), correction=False)


def js(ref_counts, cur_counts):
    return jensenshannon(ref_counts / ref_counts.sum(), cur_counts / cur_counts.sum())


with open(labels_path, encoding="utf-8") as f:
    labels = np.array(f.read().split("\n")[:-1])
ref_labels, cur_labels = labels[: labels.size // 2], labels[labels.size // 2:]
categories, codes = np.unique(labels, return_inverse=True)
ref_codes = codes[: labels.size // 2].astype(np.int32)
cur_codes = codes[labels.size // 2:].astype(np.int32)
k = categories.size


def counts_from_labels(r, c):
    cats, inverse = np.unique(np.concatenate([r, c]), return_inverse=True)
    return (np.bincount(inverse[: r.size], minlength=cats.size),
            np.bincount(inverse[r.size:], minlength=cats.size))


def counts_from_codes(r, c):
    return np.bincount(r, minlength=k), np.bincount(c, minlength=k)


for name, stat in (("chi2_contingency", chi_square), ("jensenshannon", js)):
    median, fastest, result = timed(lambda: stat(*counts_from_labels(ref_labels, cur_labels)))
    print(f"numpy np.unique on {ref_labels.size} vs {cur_labels.size} string labels + scipy {name}: "
          f"median {median:.1f} ms (min {fastest:.1f} ms); {result if name == 'jensenshannon' else result[:2]!r}")
    median, fastest, result = timed(lambda: stat(*counts_from_codes(ref_codes, cur_codes)))
    print(f"numpy np.bincount on {ref_codes.size} vs {cur_codes.size} int32 codes + scipy {name}: "
          f"median {median:.2f} ms (min {fastest:.2f} ms); {result if name == 'jensenshannon' else result[:2]!r}")
