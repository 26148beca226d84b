"""Reference values for org.mlops4j.monitoring.estimate, written independently of the Java code:
binary in plain Python (no numpy, no scipy, no scikit-learn), multiclass in numpy (at the end).

Isotonic regression follows scikit-learn's IsotonicRegression(increasing=True,
out_of_bounds="clip"): equal x are merged (weighted mean y, summed weight), weighted
pool-adjacent-violators, prediction by linear interpolation between the fitted points
(numpy.interp / scipy interp1d), clipped outside the fitted range.

CBPE: expected confusion matrix from calibrated probabilities, the metrics from it, NannyML's
estimated ROC AUC (trapezoid over expected TPR/FPR at each distinct probability) and the
analytical standard error sqrt(sum p(1-p))/n.

Run: python3 reference.py > reference.json
"""
import json
import math
import random


def isotonic_fit(x, y, w):
    rows = sorted(zip(x, y, w), key=lambda r: r[0])
    ux, uw, uwy = [], [], []
    for xi, yi, wi in rows:
        if ux and ux[-1] == xi:
            uw[-1] += wi
            uwy[-1] += wi * yi
        else:
            ux.append(xi)
            uw.append(wi)
            uwy.append(wi * yi)
    # blocks: [weight, weighted sum, count]
    blocks = []
    for wi, wyi in zip(uw, uwy):
        blocks.append([wi, wyi, 1])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][0] > blocks[-1][1] / blocks[-1][0]:
            last = blocks.pop()
            blocks[-1][0] += last[0]
            blocks[-1][1] += last[1]
            blocks[-1][2] += last[2]
    fitted = []
    for bw, bwy, count in blocks:
        fitted.extend([bwy / bw] * count)
    return ux, fitted


def interp(q, xs, ys):
    if q <= xs[0]:
        return ys[0]
    if q >= xs[-1]:
        return ys[-1]
    for j in range(1, len(xs)):
        if q <= xs[j]:
            if q == xs[j]:
                return ys[j]
            lo = j - 1
            return ys[lo] + (ys[j] - ys[lo]) / (xs[j] - xs[lo]) * (q - xs[lo])
    raise AssertionError


def roc_auc(p):
    pos = sum(p)
    neg = sum(1 - v for v in p)
    s = sorted(p, reverse=True)
    area = tpr = fpr = tp = fp = 0.0
    i = 0
    while i < len(s):
        t = s[i]
        while i < len(s) and s[i] == t:
            tp += s[i]
            fp += 1 - s[i]
            i += 1
        ntpr, nfpr = tp / pos, fp / neg
        area += (nfpr - fpr) * (ntpr + tpr) / 2
        tpr, fpr = ntpr, nfpr
    return area


def cbpe(p, positive):
    tp = sum(v for v, k in zip(p, positive) if k)
    fp = sum(1 - v for v, k in zip(p, positive) if k)
    fn = sum(v for v, k in zip(p, positive) if not k)
    tn = sum(1 - v for v, k in zip(p, positive) if not k)
    n = len(p)
    return {
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "accuracy": (tp + tn) / n,
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "f1": 2 * tp / (2 * tp + fp + fn),
        "rocAuc": roc_auc(p),
        "standardError": math.sqrt(sum(v * (1 - v) for v in p)) / n,
    }


def main():
    rng = random.Random(20)
    isotonic = []
    # 1: the textbook case with a violation, unit weights.
    x = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    y = [0, 1, 0, 0, 1, 0, 1, 1]
    w = [1.0] * len(x)
    isotonic.append(("textbook", x, y, w))
    # 2: ties in x and weights.
    x = [0.3, 0.1, 0.3, 0.5, 0.5, 0.5, 0.9, 0.7, 0.2, 0.9]
    y = [1, 0, 0, 1, 0, 0, 1, 1, 1, 0]
    w = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 1.0, 0.25, 1.0, 2.0]
    isotonic.append(("ties and weights", x, y, w))
    # 3: 300 noisy scores of a logistic process, scores rounded to 2 decimals (many ties).
    x, y, w = [], [], []
    for _ in range(300):
        s = round(rng.random(), 2)
        x.append(s)
        y.append(1 if rng.random() < s * s else 0)
        w.append(1.0 + rng.random())
    isotonic.append(("random weighted", x, y, w))
    cases = []
    for name, x, y, w in isotonic:
        xs, ys = isotonic_fit(x, y, w)
        queries = [-1.0, min(x), 0.05, 0.15, 0.25, 0.33, 0.45, 0.5, 0.55, 0.65, 0.75, 0.85, 0.95, max(x), 2.0]
        queries += [round(rng.random(), 6) for _ in range(20)]
        cases.append({"name": name, "scores": x, "outcomes": y, "weights": w,
                      "thresholds": xs, "values": ys,
                      "queries": queries, "predictions": [interp(q, xs, ys) for q in queries]})
    windows = []
    for name, n in (("small", 6), ("window of 500", 500)):
        p = [round(rng.random(), 4) for _ in range(n)]
        if n == 6:
            p = [0.9, 0.8, 0.6, 0.4, 0.2, 0.1]
        positive = [v >= 0.5 if rng.random() < 0.9 else v < 0.5 for v in p]
        out = {"name": name, "probabilities": p, "predictedPositive": positive}
        out.update(cbpe(p, positive))
        windows.append(out)
    print(json.dumps({"isotonic": cases, "cbpe": windows, "multiclass": multiclass_cases()}, indent=1))


# ---------------------------------------------------------------------------------------------
# Multiclass CBPE, in numpy, written independently of the Java code: one-vs-rest isotonic
# calibration (isotonic_fit/interp above) renormalised to sum 1 (uniform if all are 0); the
# expected confusion matrix E[i, j] = sum of p[r, i] over rows r predicted j; per-class
# precision/recall/F1 from its diagonal, column and row sums; per-class expected ROC AUC by the
# pairwise form sum_{r,s} p_r (1 - p_s) [p_r > p_s, ties half] / (sum p * sum (1 - p)) (the row
# with itself counts as a tie), which equals the trapezoid above; analytic standard errors of
# accuracy and of macro precision.

def mc_calibrate(classes, ref_scores, ref_labels, scores):
    import numpy as np
    k = len(classes)
    out = np.zeros_like(scores)
    for c in range(k):
        xs, ys = isotonic_fit(list(ref_scores[:, c]), [1 if l == classes[c] else 0 for l in ref_labels],
                              [1.0] * len(ref_labels))
        out[:, c] = [interp(q, xs, ys) for q in scores[:, c]]
    sums = out.sum(axis=1, keepdims=True)
    return np.where(sums > 0, out / np.where(sums > 0, sums, 1), 1.0 / k)


def pairwise_auc(p):
    import numpy as np
    greater = (p[:, None] > p[None, :]).astype(float) + 0.5 * (p[:, None] == p[None, :])
    return float((p[:, None] * (1 - p[None, :]) * greater).sum() / (p.sum() * (1 - p).sum()))


def mc_cbpe(classes, p, predicted):
    import numpy as np
    k = len(classes)
    n = p.shape[0]
    pred = np.array([classes.index(c) for c in predicted])
    matrix = np.zeros((k, k))
    for j in range(k):
        matrix[:, j] = p[pred == j].sum(axis=0)
    diag = np.diag(matrix)
    col = matrix.sum(axis=0)
    row = matrix.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = diag / col
        recall = diag / row
        f1 = 2 * diag / (row + col)
    auc = [pairwise_auc(p[:, c]) for c in range(k)]
    q = p[np.arange(n), pred]
    counts = np.bincount(pred, minlength=k)
    var_c = np.array([(q[pred == c] * (1 - q[pred == c])).sum() for c in range(k)])
    with np.errstate(invalid="ignore", divide="ignore"):
        precision_se = float(np.sqrt((var_c / counts.astype(float) ** 2).sum()) / k)
    return {"matrix": matrix.tolist(), "accuracy": float(np.trace(matrix) / n),
            "precision": precision.tolist(), "recall": recall.tolist(), "f1": f1.tolist(), "rocAuc": auc,
            "macroPrecision": float(precision.mean()), "macroRecall": float(recall.mean()),
            "macroF1": float(f1.mean()), "macroRocAuc": float(np.mean(auc)),
            "accuracyStandardError": float(np.sqrt((q * (1 - q)).sum()) / n),
            "precisionStandardError": precision_se}


def multiclass_cases():
    import numpy as np
    rng = np.random.default_rng(2020)
    classes = ["cat", "dog", "fox"]
    out = []
    small = np.array([[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6],
                      [0.6, 0.1, 0.3]])
    small_pred = ["cat", "dog", "dog", "fox", "fox", "fox"]
    case = {"name": "small", "classes": classes, "probabilities": small.tolist(), "predicted": small_pred}
    case.update(mc_cbpe(classes, small, small_pred))
    out.append(case)
    p = rng.dirichlet([1.0, 2.0, 0.7], size=400).round(4)
    p[:, 2] = 1 - p[:, 0] - p[:, 1]
    p = np.clip(p, 0, 1)
    pred = [classes[j] if rng.random() < 0.85 else classes[(j + 1) % 3] for j in p.argmax(axis=1)]
    case = {"name": "window of 400", "classes": classes, "probabilities": p.tolist(), "predicted": pred}
    case.update(mc_cbpe(classes, p, pred))
    out.append(case)
    # A calibrator: 300 reference rows, scores rounded to 2 decimals (ties), labels from a
    # sharpened version of the scores; then 200 window rows, predicted the arg max of the raw score.
    ref_scores = rng.dirichlet([1.0, 1.0, 1.0], size=300).round(2)
    sharp = ref_scores ** 2 / (ref_scores ** 2).sum(axis=1, keepdims=True)
    ref_labels = [classes[rng.choice(3, p=s / s.sum())] for s in sharp]
    win_scores = rng.dirichlet([2.0, 1.0, 1.0], size=200).round(3)
    win_pred = [classes[j] for j in win_scores.argmax(axis=1)]
    calibrated = mc_calibrate(classes, ref_scores, ref_labels, win_scores)
    case = {"name": "calibrated window of 200", "classes": classes, "referenceScores": ref_scores.tolist(),
            "referenceLabels": ref_labels, "scores": win_scores.tolist(), "predicted": win_pred,
            "probabilities": calibrated.tolist()}
    case.update(mc_cbpe(classes, calibrated, win_pred))
    out.append(case)
    return out


main()
