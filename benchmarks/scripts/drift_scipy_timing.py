"""Times scipy.stats.ks_2samp, ttest_ind(equal_var=False) (100k and 1M), and PSI in numpy, on the samples DriftTestBenchmark wrote (1M vs 1M doubles).

Run the Java benchmark first (it writes benchmarks/target/drift-samples.f64), then:
    python3 benchmarks/scripts/drift_scipy_timing.py [path]
Prints the median of 7 runs after 2 warm-up runs, and scipy's statistic and p-value.
"""
import sys
import time

import numpy as np
import scipy
from scipy.stats import ks_2samp, ttest_ind

path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/drift-samples.f64"
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
