"""Reference values for the tests DriftTests.auto picks near its boundaries, from scipy.

Run: python3 auto_reference.py ; the values are pasted into DriftAutoChoiceTest.java.

- A binary reference meeting a third category: the z test cannot compare three categories, so
  the auto test runs Pearson's chi-square on the 2 x k contingency table without correction,
  scipy.stats.chi2_contingency(correction=False).
- A numeric reference of 5 distinct values is categorical (chi-square over the values' text);
  one of 6 distinct values is continuous (scipy.stats.ks_2samp, method='auto').
"""
import numpy as np
from scipy import stats


def chi(ref_counts, cur_counts):
    r = stats.chi2_contingency(np.array([ref_counts, cur_counts]), correction=False)
    return float(r.statistic), float(r.pvalue), int(r.dof)


# Binary reference a/b; the current sample brings c.
print("binary_meets_third_drifted", chi([60, 40, 0], [40, 40, 20]))
print("binary_meets_third_mild", chi([60, 40, 0], [57, 41, 2]))
# The same reference, and a current sample of only a new category.
print("binary_meets_only_new", chi([60, 40, 0], [0, 0, 30]))

# Numeric, 5 distinct values: reference i % 5 for i < 500; current i % 5 for i < 400 plus 100 fours.
ref5 = np.array([i % 5 for i in range(500)], dtype=float)
cur5 = np.concatenate([np.array([i % 5 for i in range(400)], dtype=float), np.full(100, 4.0)])
counts = lambda x: [int(np.sum(x == v)) for v in range(5)]
print("numeric_five_values", chi(counts(ref5), counts(cur5)))

# Numeric, 6 distinct values: reference i % 6 for i < 600; current (i % 6) + 0.5 for i < 600.
ref6 = np.array([i % 6 for i in range(600)], dtype=float)
cur6 = ref6 + 0.5
ks = stats.ks_2samp(ref6, cur6, method="auto")
print("numeric_six_values_ks", float(ks.statistic), float(ks.pvalue))
cur6b = np.array([min(i % 7, 5) for i in range(600)], dtype=float)
ks = stats.ks_2samp(ref6, cur6b, method="auto")
print("numeric_six_values_ks_shifted", float(ks.statistic), float(ks.pvalue))
