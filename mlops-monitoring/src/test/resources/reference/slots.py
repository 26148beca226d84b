"""Reference values for ReferenceSlotsReferenceTest, computed with Python's calendar arithmetic
(datetime weekday and hour), independently of the Java code's floorDiv/floorMod on epoch milliseconds.

Regenerate: python3 slots.py > slots.json
"""
import json
import random
from datetime import datetime, timedelta, timezone

UTC = timezone.utc


def hour_of_week(t):
    # Slot 0 is Thursday 00:00 UTC (the epoch's weekday); Python's weekday() is 0 on Monday, 3 on Thursday.
    return ((t.weekday() - 3) % 7) * 24 + t.hour


def quarter_of_day(t):
    return t.hour * 4 + t.minute // 15


def millis(t):
    return (t - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


rng = random.Random(20)
instants = [datetime(1969, 12, 31, 23, 0, tzinfo=UTC), datetime(1970, 1, 1, tzinfo=UTC),
            datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 1, 30, tzinfo=UTC)]
start = datetime(1965, 1, 1, tzinfo=UTC)
for _ in range(200):
    instants.append(start + timedelta(milliseconds=rng.randrange(0, 80 * 365 * 24 * 3600 * 1000)))

rows = [{"epochMillis": millis(t), "iso": t.isoformat(), "hourOfWeek": hour_of_week(t),
         "quarterOfDay": quarter_of_day(t)} for t in instants]


def simulate(weeks, seasons, per_hour):
    """Hourly windows (per_hour of them an hour) over `weeks` weeks from Monday 2026-01-05, each selecting
    the same hour of the last `seasons` weeks: windows in warm-up, and the most (slot, season) profiles a
    history must hold so that every later window still finds its seasons (a naive scan of what is needed)."""
    monday = datetime(2026, 1, 5, tzinfo=UTC)
    recorded = set()  # (week, hour-of-week) with a profile
    warm_ups = 0
    most = 0
    hours = weeks * 168
    for h in range(hours):
        t = monday + timedelta(hours=h)
        for _ in range(per_hour):
            have = sum(1 for k in range(1, seasons + 1) if (t - timedelta(weeks=k)) in recorded)
            if have < seasons:
                warm_ups += 1
            recorded.add(t.replace(minute=0, second=0))
            # Needed later: a recorded hour u is needed if some hour v >= t (v a later or the current hour)
            # has u = v - k weeks for some k in 1..seasons, i.e. u + seasons weeks >= t.
            needed = [u for u in recorded if u + timedelta(weeks=seasons) >= t]
            most = max(most, len(needed))
    return {"weeks": weeks, "seasons": seasons, "perHour": per_hour, "warmUps": warm_ups, "mostHeld": most}


print(json.dumps({"instants": rows, "simulations": [simulate(6, 4, 1), simulate(3, 1, 2), simulate(2, 2, 1)]},
                 indent=1))
