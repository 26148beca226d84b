"""Times scipy.stats.ks_2samp on 1,000,000 vs 1,000,000 normal doubles, the data of DriftTestBenchmark.

Run: python3 benchmarks/scripts/drift_scipy_timing.py
Prints the median of 7 runs after 2 warm-up runs, and scipy's statistic and p-value.
"""
import time

import numpy as np
import scipy
from scipy.stats import ks_2samp

rng = np.random.default_rng(2024)
reference = rng.standard_normal(1_000_000)
current = rng.standard_normal(1_000_000) + 0.01

for _ in range(2):
    ks_2samp(reference, current)
times = []
for _ in range(7):
    start = time.perf_counter()
    result = ks_2samp(reference, current)
    times.append(time.perf_counter() - start)
times.sort()
print(f"scipy {scipy.__version__} numpy {np.__version__}: ks_2samp 1e6 vs 1e6 median {1000 * times[3]:.1f} ms "
      f"(min {1000 * times[0]:.1f} ms); statistic {result.statistic:.6g}, p-value {result.pvalue:.6g}")
