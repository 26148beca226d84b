"""ADWIN reference for AdwinDecisionTest: a re-implementation of ADWIN2 (Bifet and Gavalda,
"Learning from Time-Changing Data with Adaptive Windowing", SIAM SDM 2007) with the exponential
histogram and cut test as MOA's ADWIN and River's ADWIN run them, in the conventions mlops4j's
Adwin uses (see its javadoc):

* Row r of the histogram holds up to max_buckets buckets of 2**r observations, each a (total,
  variance) pair; when row r holds one more, its two oldest merge into one bucket of row r + 1
  (variance merged as in Babcock et al. 2003: v0 + v1 + n0 n1 (mu0 - mu1)^2 / (n0 + n1)).
* The window's width, total and variance (a sum of squared deviations, updated with Welford's
  formula) are kept beside the buckets.
* Every `clock` updates, once width > grace_period, the boundaries between buckets are scanned
  from the oldest bucket (W0 = the older part, W1 = the newer one); a boundary where both parts
  hold at least min_window_length observations is a cut when
      |mean0 - mean1| > sqrt(2 m var d') + 2/3 m d',
      m = 1/(n0 - mwl + 1) + 1/(n1 - mwl + 1),  d' = ln(2 ln(W) / delta),  var = variance / W.
  The boundary after the newest bucket (W1 empty) ends the scan. On a cut the oldest bucket is
  dropped and the scan starts again, until a scan finds no cut.
* increases_only (MOA's ADWINChangeDetector): a cut signals drift only if the window's mean after
  the cuts is above the mean before the update.

Python floats are IEEE doubles and every expression below is evaluated in the order the Java code
evaluates it, so the widths, totals and variances are the Java ones bit for bit.

Run: python3 adwin_reference.py > adwin_reference.json
"""
import json
import math
import re


def java_log(x):
    """Math.log: -Infinity at 0 and NaN below (a window of one observation, whose scan stops
    before it uses the value)."""
    if x == 0.0:
        return -math.inf
    return math.nan if x < 0.0 or math.isnan(x) else math.log(x)


def java_sqrt(x):
    """Math.sqrt: NaN below 0. Reached: once cuts leave a window of equal values, rounding can leave
    its variance slightly negative (-1.8e-12 in firstCutStep), and no boundary is a cut then."""
    return math.nan if x < 0.0 or math.isnan(x) else math.sqrt(x)


class Adwin:
    def __init__(self, delta, clock, max_buckets, min_window_length, grace_period, increases_only):
        self.delta = delta
        self.clock = clock
        self.max_buckets = max_buckets
        self.mwl = min_window_length
        self.grace = grace_period
        self.increases_only = increases_only
        self.rows = [[]]          # rows[r] = [(total, variance), ...], oldest first
        self.width = 0
        self.total = 0.0
        self.variance = 0.0
        self.tick = 0

    def update(self, x):
        total_before, width_before = self.total, self.width
        self._insert(x)
        cut = self._detect()
        if not cut:
            return False
        if not self.increases_only:
            return True
        before = 0.0 if width_before == 0 else total_before / width_before
        return self.total / self.width > before

    def _insert(self, x):
        self.rows[0].append((x, 0.0))
        self.width += 1
        if self.width > 1:
            d = x - self.total / (self.width - 1)
            self.variance += (self.width - 1) * d * d / self.width
        self.total += x
        r = 0
        while len(self.rows[r]) > self.max_buckets:
            if r + 1 == len(self.rows):
                self.rows.append([])
            size = float(2 ** r)
            (t0, v0), (t1, v1) = self.rows[r][0], self.rows[r][1]
            mu = t0 / size - t1 / size
            self.rows[r + 1].append((t0 + t1, v0 + v1 + size * size * mu * mu / (2 * size)))
            del self.rows[r][:2]
            r += 1

    def _detect(self):
        self.tick += 1
        if self.tick % self.clock != 0 or self.width <= self.grace:
            return False
        change = False
        cut = True
        while cut:
            cut = self._scan_once()
            change = change or cut
        return change

    def _scan_once(self):
        w = float(self.width)
        log_term = java_log(2 * java_log(w) / self.delta)
        window_variance = self.variance / w
        n0, n1, u0, u1 = 0.0, w, 0.0, self.total
        for r in range(len(self.rows) - 1, -1, -1):
            size = float(2 ** r)
            for k, (u, _) in enumerate(self.rows[r]):
                n0 += size
                n1 -= size
                u0 += u
                u1 -= u
                if r == 0 and k == len(self.rows[r]) - 1:
                    return False      # W1 would be empty
                if n0 >= self.mwl and n1 >= self.mwl:
                    m = 1.0 / (n0 - self.mwl + 1) + 1.0 / (n1 - self.mwl + 1)
                    epsilon = java_sqrt(2 * m * window_variance * log_term) + 2.0 / 3.0 * log_term * m
                    if abs(u0 / n0 - u1 / n1) > epsilon:
                        self._delete_oldest_bucket()
                        return True
        return False

    def _delete_oldest_bucket(self):
        r = len(self.rows) - 1
        n = float(2 ** r)
        u, v = self.rows[r][0]
        self.width -= 2 ** r
        self.total -= u
        d = u / n - self.total / self.width
        self.variance -= v + n * self.width * d * d / (n + self.width)
        del self.rows[r][0]
        if not self.rows[r] and len(self.rows) > 1:
            self.rows.pop()

    def snapshot(self):
        return {
            "width": self.width, "total": self.total, "variance": self.variance, "tick": self.tick,
            "rows": len(self.rows),
            "buckets": [[[t, v] for (t, v) in row] for row in self.rows],
        }


# --- The cases ---------------------------------------------------------------------------------
# Each stream is chosen to reach one of the decision boundaries of the cut scan exactly; the Java
# test replays it and asserts the detections and the window (width, total, variance, rows) after
# every update, or after every check for the long streams, and the whole histogram at the end.

def runs(*pairs):
    """A stream as runs of one value: runs((0.0, 6), (100.0, 8)) is six 0s then eight 100s."""
    out = []
    for value, count in pairs:
        out += [value] * count
    return out


def bernoulli_stream():
    """4,500 errors (1) and successes (0): rate 0.1, 0.5 from update 1,501, 0.1 from 3,001.
    Drawn once with Python's Mersenne Twister, seed 7; stored in the JSON, so Java does not redraw."""
    import random
    rnd = random.Random(7)
    return [1.0 if rnd.random() < (0.1 if i < 1500 else 0.5 if i < 3000 else 0.1) else 0.0
            for i in range(4500)]


# A delta at which, on 28 zeros then 24 ones checked once (clock 52, mwl 3), the boundary between
# the zeros and the ones has |mean0 - mean1| = 1.0 equal to epsilon exactly, and equal for every
# ln term within 2 ulps of the computed one (so a last-ulp difference between libm's log and
# Java's Math.log cannot move it); found by bisection on delta and a scan of neighbouring doubles,
# and checked by tie_margins below. Raising delta by 64 ulps (about 9 ulps of the ln term) makes
# the same boundary a cut.
TIE_DELTA = 0.0034826413153776926
ABOVE_TIE_DELTA = TIE_DELTA
for _ in range(64):
    ABOVE_TIE_DELTA = math.nextafter(ABOVE_TIE_DELTA, 1.0)

CASES = [
    ("firstCutStep",
     "a cut first becomes possible when the newest sub-window reaches min_window_length (2): "
     "update 8 cuts at the row-0 boundary n0 = 6, n1 = 2; update 9 cuts the window down to row 0 "
     "alone",
     (0.5, 1, 5, 2, 2, False), runs((0.0, 6), (100.0, 8))),
    ("gracePeriodBoundary",
     "the same stream with grace period 8: the window of 8 is not checked, the first check (and cut) "
     "is at width 9",
     (0.5, 1, 5, 2, 8, False), runs((0.0, 6), (100.0, 8))),
    ("exactTieIsNoCut",
     "|mean0 - mean1| equal to epsilon exactly at the zeros|ones boundary: not a cut (strict >)",
     (TIE_DELTA, 52, 5, 3, 0, False), runs((0.0, 28), (1.0, 24))),
    ("justAboveTieCuts",
     "delta 64 ulps above the tie: epsilon drops below 1.0 and the same boundary cuts",
     (ABOVE_TIE_DELTA, 52, 5, 3, 0, False), runs((0.0, 28), (1.0, 24))),
    ("subWindowsShorterThanMinimumNeverCut",
     "six 0s and a 1 with min_window_length 3: no boundary has both sub-windows of 3 or more "
     "and a difference above epsilon, so no cut, although the formula would give a finite epsilon "
     "(or a negative m) for shorter ones",
     (0.002, 1, 5, 3, 0, False), runs((0.0, 6), (1.0, 1))),
    ("repeatedCutsAcrossRows",
     "40 zeros then 30 fives checked every update: update 42 cuts four times (boundaries in rows 1 "
     "and 0, buckets of rows 3 and 2 dropped), update 43 five times down to two rows, update 65 "
     "once at a boundary of row 2",
     (0.5, 1, 5, 2, 2, False), runs((0.0, 40), (5.0, 30))),
    ("windowShrinksToItsNewestRows",
     "300 zeros then 40 values of 1,000 checked every update: the cuts drop the oldest rows one "
     "after another, from 6 rows to 3 (update 307)",
     (0.002, 1, 5, 5, 10, False), runs((0.0, 300), (1000.0, 40))),
    ("defaultsOnErrorRates",
     "ofDefaults() (clock 32, increases only) on error rates 0.1 / 0.5 / 0.1: checks only at "
     "multiples of 32, drifts only for the rise",
     (0.002, 32, 5, 5, 10, True), bernoulli_stream()),
    ("riverOnErrorRates",
     "river() (every cut signalled) on the same stream: the fall at 3,001 signals too",
     (0.002, 32, 5, 5, 10, False), bernoulli_stream()),
]


def tie_margins(delta):
    """Replays the tie case up to its only check and returns, for the zeros|ones boundary, the
    difference of means and the epsilons with the ln term moved by -2 to +2 ulps."""
    d = Adwin(delta, 52, 5, 3, 0, False)
    for x in runs((0.0, 28), (1.0, 23)):
        d.update(x)
    d._insert(1.0)
    w = float(d.width)
    log_term = java_log(2 * java_log(w) / d.delta)
    terms = [log_term]
    for _ in range(2):
        terms = [math.nextafter(terms[0], 0.0)] + terms + [math.nextafter(terms[-1], math.inf)]
    n0, n1 = 28.0, 24.0
    m = 1.0 / (n0 - d.mwl + 1) + 1.0 / (n1 - d.mwl + 1)
    wv = d.variance / w
    return 0.0 / n0 - 24.0 / n1, [java_sqrt(2 * m * wv * t) + 2.0 / 3.0 * t * m for t in terms]


def state(d):
    return [d.width, d.total, d.variance, len(d.rows)]


def main():
    diff, epsilons = tie_margins(TIE_DELTA)
    assert all(abs(diff) == e for e in epsilons), (diff, epsilons)
    diff, epsilons = tie_margins(ABOVE_TIE_DELTA)
    assert all(abs(diff) > e for e in epsilons), (diff, epsilons)
    out = []
    for name, what, config, xs in CASES:
        d = Adwin(*config)
        detections, states = [], []
        for i, x in enumerate(xs):
            if d.update(x):
                detections.append(i + 1)
            # Short streams: the window after every update; long ones: after every check.
            if len(xs) <= 400 or d.tick % d.clock == 0:
                states.append([i + 1] + state(d))
        case = {
            "name": name, "what": what,
            "config": dict(zip(["delta", "clock", "maxBuckets", "minWindowLength", "gracePeriod",
                                "increasesOnly"], config)),
            "stream": xs if len(xs) <= 400 else None,
            "bits": "".join("1" if x == 1.0 else "0" for x in xs) if len(xs) > 400 else None,
            "detections": detections,
            "states": states,
            "final": d.snapshot(),
        }
        out.append({k: v for k, v in case.items() if v is not None})
    text = json.dumps({
        "generatedBy": "python3 adwin_reference.py > adwin_reference.json",
        "states": "[update, width, total, variance, rows] after the update",
        "cases": out}, indent=1)
    # One line per innermost array of numbers, so the file stays readable.
    print(re.sub(r"\[\s*([^\[\]{}\"]*?)\s*\]", lambda g: "[" + re.sub(r"\s+", " ", g.group(1)) + "]", text))


if __name__ == "__main__":
    main()
