"""Reference values for org.mlops4j.monitoring.multivariate, computed with numpy/scipy only.

Writes the fixed inputs (reference.csv, window.csv, scores.csv) and reference.json beside this script:
    python3 reference.py

Inputs: numeric a, b (b correlated with a, 5% of b missing), categorical c in {p, q, r, s}; the window
flips the sign of the a-b correlation. The encoding is the library's: numeric columns standardised with
the reference mean and population standard deviation (missing -> mean -> 0), the top-2 reference
categories of c one-hot encoded (others all zero) and standardised the same way.
"""
import csv
import json
import os

import numpy as np
from scipy.spatial.distance import pdist, cdist
from scipy.stats import norm, rankdata

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20)


def make(n, rho):
    a = rng.normal(size=n)
    b = rho * a + np.sqrt(1 - rho * rho) * rng.normal(size=n)
    b = np.round(b, 6)
    a = np.round(a, 6)
    c = rng.choice(["p", "q", "r", "s"], size=n, p=[0.45, 0.3, 0.15, 0.1])
    missing = rng.random(n) < 0.05
    return a, np.where(missing, np.nan, b), c


def write(name, a, b, c):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["a", "b", "c"])
        for x, y, z in zip(a, b, c):
            w.writerow([repr(float(x)), "" if np.isnan(y) else repr(float(y)), z])


ref = make(200, 0.8)
win = make(100, -0.8)
write("reference.csv", *ref)
write("window.csv", *win)

# Encoding fitted on the reference.
counts = {k: int((ref[2] == k).sum()) for k in ["p", "q", "r", "s"]}
top = sorted(counts, key=lambda k: (-counts[k], k))[:2]


def raw(a, b, c):
    cols = [a, b] + [(c == k).astype(float) for k in top]
    return np.column_stack(cols)


R = raw(*ref)
mean = np.nanmean(R, axis=0)
R = np.where(np.isnan(R), mean, R)
sd = R.std(axis=0)  # population, like StandardScaler
sd[sd == 0] = 1.0


def encode(X):
    X = np.where(np.isnan(X), mean, X)
    return (X - mean) / sd


Z = encode(raw(*ref))
W = encode(raw(*win))

# PCA as scikit-learn fits it (centred, covariance with ddof=1; the ratio does not depend on ddof).
centre = Z.mean(axis=0)
cov = np.cov(Z - centre, rowvar=False)
values, vectors = np.linalg.eigh(cov)
order = np.argsort(values)[::-1]
values, vectors = values[order], vectors[:, order]
ratio = values / values.sum()
share = 0.65
k = min(int(np.searchsorted(np.cumsum(ratio), share, side="right")) + 1, len(ratio))
V = vectors[:, :k]


def errors(X):
    C = X - centre
    rec = C @ V @ V.T
    return np.sqrt(((C - rec) ** 2).sum(axis=1))


chunk_errors = [float(errors(ch).mean()) for ch in np.array_split(Z, 10)]
m, s = np.mean(chunk_errors), np.std(chunk_errors)
lower, upper = max(0.0, m - 3 * s), m + 3 * s
window_error = float(errors(W).mean())

# MMD^2, unbiased, Gaussian kernel, bandwidth = median pairwise reference distance.
sigma = float(np.median(pdist(Z)))


def kernel(X, Y):
    return np.exp(-cdist(X, Y, "sqeuclidean") / (2 * sigma * sigma))


kxx, kyy, kxy = kernel(Z, Z), kernel(W, W), kernel(Z, W)
mz, nw = len(Z), len(W)
mmd2 = ((kxx.sum() - np.trace(kxx)) / (mz * (mz - 1)) + (kyy.sum() - np.trace(kyy)) / (nw * (nw - 1))
        - 2 * kxy.mean())

# ROC AUC on fixed scores with ties, by mid-ranks and by counting pairs; Mann-Whitney's normal p-value.
scores = np.round(rng.normal(size=60) + np.repeat([0.0, 0.6], 30), 1)
positive = np.repeat([False, True], 30)
with open(os.path.join(HERE, "scores.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["score", "window"])
    for sc, po in zip(scores, positive):
        w.writerow([repr(float(sc)), "true" if po else "false"])
ranks = rankdata(scores)
n1, n0 = positive.sum(), (~positive).sum()
auc = (ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
pairs = np.mean([(1.0 if p > q else 0.5 if p == q else 0.0) for p in scores[positive] for q in scores[~positive]])
assert abs(auc - pairs) < 1e-12
auc_p = float(norm.sf((auc - 0.5) / np.sqrt((n0 + n1 + 1) / (12 * n0 * n1))))

out = {
    "encoded_columns": ["a", "b"] + ["c=" + t for t in top],
    "mean": mean.tolist(), "scale": sd.tolist(),
    "encoded_first_window_row": W[0].tolist(),
    "explained_ratio": ratio.tolist(), "components": k,
    "chunk_errors": chunk_errors, "lower": lower, "upper": upper, "window_error": window_error,
    "bandwidth": sigma, "mmd2": float(mmd2),
    "auc": float(auc), "auc_p_value": auc_p,
}
with open(os.path.join(HERE, "reference.json"), "w") as f:
    json.dump(out, f, indent=2)
    f.write("\n")
print(json.dumps(out, indent=2))
