"""Times scipy.stats.ks_2samp on the samples DriftTestBenchmark wrote (1,000,000 vs 1,000,000 doubles).

Run the Java benchmark first (it writes benchmarks/target/drift-samples.f64), then:
    python3 benchmarks/scripts/drift_scipy_timing.py [path]
Prints the median of 7 runs after 2 warm-up runs, and scipy's statistic and p-value.
"""
import sys
import time

import numpy as np
import scipy
from scipy.stats import ks_2samp

path = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/drift-samples.f64"
data = np.fromfile(path, dtype="<f8")
reference, current = data[: data.size // 2], data[data.size // 2:]

for _ in range(2):
    ks_2samp(reference, current)
times = []
for _ in range(7):
    start = time.perf_counter()
    result = ks_2samp(reference, current)
    times.append(time.perf_counter() - start)
times.sort()
print(f"scipy {scipy.__version__} numpy {np.__version__}: ks_2samp {reference.size} vs {current.size} "
      f"median {1000 * times[3]:.1f} ms (min {1000 * times[0]:.1f} ms); "
      f"statistic {result.statistic!r}, p-value {result.pvalue!r}")
