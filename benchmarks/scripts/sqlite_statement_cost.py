"""What the SQLite store's statements cost against a raw insert, outside Java (issue 21).

Runs, in interleaved order on one connection each (WAL, synchronous=FULL, BEGIN IMMEDIATE), a
raw one-row metric insert; the store's statements for one logMetric (the run check, the
latest-value read, the insert, the latest-value upsert); the same with a conditional upsert in place
of the read; and the store's statements on a WITHOUT ROWID latest-value table. Prints median
microseconds per write and raw/other ratios.

    python3 benchmarks/scripts/sqlite_statement_cost.py [writes] [directory]

Use a directory on /dev/shm to see CPU alone (no fsync).
"""
import sqlite3, time, os, statistics, sys, tempfile
D=sys.argv[2] if len(sys.argv)>2 else tempfile.mkdtemp(prefix='sqlite-cost-')
os.makedirs(D, exist_ok=True)
def mk(name, wor=False):
    p=os.path.join(D,name)
    for s in ['','-wal','-shm']:
        if os.path.exists(p+s): os.remove(p+s)
    c=sqlite3.connect(p, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA synchronous=FULL')
    c.execute("CREATE TABLE runs (run_id VARCHAR(32) NOT NULL PRIMARY KEY, experiment_id VARCHAR(32) NOT NULL, status TEXT, lifecycle_stage TEXT, last_activity BIGINT)")
    c.execute("CREATE TABLE metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id VARCHAR(32) NOT NULL, metric_key VARCHAR(250) NOT NULL, metric_value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL, step BIGINT NOT NULL, ts BIGINT NOT NULL)")
    c.execute("CREATE INDEX metrics_by_run_key ON metrics (run_id, metric_key, step)")
    c.execute("CREATE TABLE latest_metrics (run_id VARCHAR(32) NOT NULL, experiment_id VARCHAR(32) NOT NULL, metric_key VARCHAR(250) NOT NULL, metric_value DOUBLE PRECISION NOT NULL, is_nan INTEGER NOT NULL, step BIGINT NOT NULL, ts BIGINT NOT NULL, PRIMARY KEY (run_id, metric_key))" + (" WITHOUT ROWID" if wor else ""))
    c.execute("CREATE INDEX latest_metrics_best ON latest_metrics (experiment_id, metric_key, is_nan, metric_value)")
    c.execute("INSERT INTO runs VALUES ('r1','e1','RUNNING','active',0)")
    return c
raw=mk('raw.db'); store=mk('store.db'); cond=mk('cond.db'); wor=mk('wor.db', True)
step=[0]
def w_raw(c, s):
    c.execute('BEGIN IMMEDIATE'); c.execute("INSERT INTO metrics (run_id,metric_key,metric_value,is_nan,step,ts) VALUES (?,?,?,?,?,?)",('r1','loss',s*0.001,0,s,1000+s)); c.execute('COMMIT')
def w_store(c, s):
    c.execute('BEGIN IMMEDIATE')
    c.execute("SELECT lifecycle_stage,status,experiment_id,last_activity FROM runs WHERE run_id=?",('r1',)).fetchall()
    c.execute("SELECT metric_key,metric_value,is_nan,step,ts FROM latest_metrics WHERE run_id=? AND metric_key IN (?)",('r1','loss')).fetchall()
    c.execute("INSERT INTO metrics (run_id,metric_key,metric_value,is_nan,step,ts) VALUES (?,?,?,?,?,?)",('r1','loss',s*0.001,0,s,1000+s))
    c.execute("INSERT INTO latest_metrics (run_id,metric_key,metric_value,is_nan,step,ts,experiment_id) VALUES (?,?,?,?,?,?,?) ON CONFLICT (run_id,metric_key) DO UPDATE SET metric_value=excluded.metric_value,is_nan=excluded.is_nan,step=excluded.step,ts=excluded.ts",('r1','loss',s*0.001,0,s,1000+s,'e1'))
    c.execute('COMMIT')
def w_cond(c, s):
    c.execute('BEGIN IMMEDIATE')
    c.execute("SELECT lifecycle_stage,status,experiment_id,last_activity FROM runs WHERE run_id=?",('r1',)).fetchall()
    c.execute("INSERT INTO metrics (run_id,metric_key,metric_value,is_nan,step,ts) VALUES (?,?,?,?,?,?)",('r1','loss',s*0.001,0,s,1000+s))
    c.execute("INSERT INTO latest_metrics (run_id,metric_key,metric_value,is_nan,step,ts,experiment_id) VALUES (?,?,?,?,?,?,?) ON CONFLICT (run_id,metric_key) DO UPDATE SET metric_value=excluded.metric_value,is_nan=excluded.is_nan,step=excluded.step,ts=excluded.ts WHERE excluded.step > latest_metrics.step",('r1','loss',s*0.001,0,s,1000+s,'e1'))
    c.execute('COMMIT')
cases=[('raw',raw,w_raw),('store',store,w_store),('cond',cond,w_cond),('store-wor',wor,w_store)]
N=int(sys.argv[1]) if len(sys.argv)>1 else 1500
t={k:[] for k,_,_ in cases}
for i in range(N):
    for k,c,f in (cases if i%2==0 else cases[::-1]):
        a=time.perf_counter_ns(); f(c,i); t[k].append(time.perf_counter_ns()-a)
m={k:statistics.median(v)/1e3 for k,v in t.items()}
print({k:round(v,1) for k,v in m.items()}, {k:round(m['raw']/v,3) for k,v in m.items()})
