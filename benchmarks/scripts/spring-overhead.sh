#!/usr/bin/env bash
# Request overhead of a monitored ModelEndpoint over a plain controller calling the same model,
# in one Spring Boot service (org.mlops4j.benchmarks.spring.overhead.OverheadService, on the class
# path with mlops-spring-boot-starter written by spring-classpath.sh):
#   POST /direct     the champion logistic regression's Predictor, called by the controller
#   POST /monitored  the starter-monitored ModelEndpoint: the same champion with a 10% canary of a
#                    second logistic regression keyed by X-Routing-Key, feedback join, the monitor
#                    (schema checks, profile and drift per window of 1,000, alert rules) listening
# Both routes get the same requests from wrk on 127.0.0.1 (spring-overhead.lua: 4,096 rows and 997
# routing keys, cycled): a warm-up of each route, then the measured runs in the order
# direct, monitored, monitored, direct (ROUNDS=2; ROUNDS=1 is direct, monitored). Prints wrk's
# figures per run; the service's CPU time per request in each run (from /proc/<pid>/task), split
# between Tomcat's request threads, mlops4j's own threads (the monitor's window analysis), GC, the
# JIT compilers and the rest; and the monitor's own view afterwards (GET /actuator/mlops).
#
# Usage: benchmarks/scripts/spring-overhead.sh
#   DURATION=20s WARMUP=30s THREADS=2 CONNECTIONS=16 ROUNDS=2  (defaults; the service's CPU per
#   request still fell by a third between the first and last runs after a 10 s warm-up on 2 cores)
#   SKIP_BUILD=1 reuses the class path of a previous run; JAVA_OPTS goes to the service's JVM.
# Needs wrk (Debian: apt-get install wrk), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${DURATION:-20s}"; warmup="${WARMUP:-30s}"
threads="${THREADS:-2}"; connections="${CONNECTIONS:-16}"; rounds="${ROUNDS:-2}"
for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (Debian: apt-get install $tool)" >&2; exit 2; }
done
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  benchmarks/scripts/spring-classpath.sh starter
fi
out=benchmarks/target/spring-overhead
rm -rf "$out" && mkdir -p "$out"
store="$(mktemp -d)"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat benchmarks/target/spring-starter.classpath)" \
    org.mlops4j.benchmarks.spring.overhead.OverheadService --server.port=0 --mlops.store.path="$store/mlops" \
    >"$out/service.out" 2>"$out/service.log" &
pid=$!
cleanup() { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$store"; }
trap cleanup EXIT

port=""
for _ in $(seq 1 240); do
  port="$(sed -nE 's/.*Tomcat started on port ([0-9]+).*/\1/p' "$out/service.log" | head -1)"
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || { echo "the service exited: see $out/service.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$port" ] || { echo "the service did not start within 120 s: see $out/service.log" >&2; exit 1; }
base="http://127.0.0.1:$port"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
echo "service on $base (pid $pid); wrk -t$threads -c$connections -d$duration, warm-up $warmup per route"
body='{"f0":0.7,"f1":0.6,"f2":0.5,"f3":0.5,"f4":0.5,"f5":0.5,"f6":0.5,"f7":0.5,"f8":0.5,"f9":0.5,"f10":0.5,"f11":0.5,"f12":0.5,"f13":0.5,"f14":0.5,"f15":0.5,"c0":"a","c1":"b","c2":"c","c3":"d"}'
for route in direct monitored; do
  echo "one request to /$route: $(curl -sS -H 'Content-Type: application/json' -H 'X-Routing-Key: user-1' -d "$body" "$base/$route")"
done

ticks="$(getconf CLK_TCK)"
threads_cpu() { # one line per thread of the service: tid cpu_ticks group (Tomcat's request threads,
                # mlops4j's own threads, GC, the JIT compilers, the rest)
  for t in /proc/"$pid"/task/*; do
    awk -v tid="${t##*/}" -v name="$(cat "$t/comm" 2>/dev/null)" '{
      g = "other"
      if (name ~ /^http-nio/) g = "requests"; else if (name ~ /^mlops/) g = "mlops"
      else if (name ~ /^(GC|G1)/) g = "gc"; else if (name ~ /Compiler/) g = "jit"
      print tid, $14 + $15, g }' "$t/stat" 2>/dev/null || true
  done
}
load() { # route duration label
  local line
  threads_cpu >"$out/$3.cpu-before"
  line="$(wrk -t"$threads" -c"$connections" -d"$2" -s benchmarks/scripts/spring-overhead.lua "$base/$1" \
      | tee "$out/$3.wrk" | grep '^result ')"
  threads_cpu >"$out/$3.cpu-after"
  # CPU ms per thread group over the run (a thread started during the run counts from zero)
  echo "$line $(awk -v t="$ticks" 'NR == FNR { before[$1] = $2; next } { ms[$3] += ($2 - before[$1]) * 1000 / t }
      END { printf "cpu_requests=%d cpu_mlops=%d cpu_gc=%d cpu_jit=%d cpu_other=%d", ms["requests"], ms["mlops"],
            ms["gc"], ms["jit"], ms["other"] }' "$out/$3.cpu-before" "$out/$3.cpu-after")" \
      | sed -E "s/^result /$3 route=$1 /"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
load direct "$warmup" warmup-direct >/dev/null
load monitored "$warmup" warmup-monitored >/dev/null
order=(direct monitored)
[ "$rounds" -ge 2 ] && order=(direct monitored monitored direct)
results=()
n=0
for route in "${order[@]}"; do
  n=$((n + 1))
  results+=("$(load "$route" "$duration" "run$n")")
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-5s %-10s %9s %7s %7s %7s %7s %8s %6s | %-45s\n' run route requests req/s p50_ms p90_ms p99_ms p99.9_ms errors \
    "service CPU per request, us: all = requests + mlops + GC + JIT + other"
for r in "${results[@]}"; do
  echo "$r" | awk '{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n = v["requests"]; all = v["cpu_requests"] + v["cpu_mlops"] + v["cpu_gc"] + v["cpu_jit"] + v["cpu_other"]
    printf "%-5s %-10s %9d %7.0f %7.2f %7.2f %7.2f %8.2f %6d | %5.1f = %5.1f + %4.1f + %4.1f + %4.1f + %4.1f\n", $1, v["route"], n,
      v["rps"], v["p50us"] / 1000, v["p90us"] / 1000, v["p99us"] / 1000, v["p999us"] / 1000, v["non2xx"] + v["socket_errors"],
      all * 1000 / n, v["cpu_requests"] * 1000 / n, v["cpu_mlops"] * 1000 / n, v["cpu_gc"] * 1000 / n,
      v["cpu_jit"] * 1000 / n, v["cpu_other"] * 1000 / n }'
done
echo
echo "the monitor's view (GET /actuator/mlops, full JSON in $out/mlops.json):"
curl -sS "$base/actuator/mlops" >"$out/mlops.json"
jq -r 'def r(d): if . == null then "-" else (. * d | round) / d | tostring end;
  def median: sort | if length == 0 then null else .[(length / 2) | floor] end;
  .endpoints[] | "endpoint \(.name): \(.strategy), monitored \(.monitored), requests \(.stats.requests), errors \(.stats.errors), fallbacks \(.stats.fallbacks)",
  (.variants[] | "  \(.name) (\(.model), share \(.share)): requests \(.totals.requests), errors \(.totals.errors); its last \(.history | length) windows: model call p99 median \([.history[].latencyP99Ms] | median | r(1000)) ms [\([.history[].latencyP99Ms] | min | r(1000))-\([.history[].latencyP99Ms] | max | r(1000))], drifted share max \([.history[].driftedShare] | max | r(100)), non-null outputs min \([.history[].nonNullOutputRatio] | min | r(1000)); latest window #\(.window.number // "-"): \(.window.requests // "-") requests, model call p50 \(.window.latencyP50Ms | r(1000)) ms, p99 \(.window.latencyP99Ms | r(1000)) ms")' \
  "$out/mlops.json"
jq -r '"firing alerts: \(.alerts | length)" , (.alerts[] | "  \(.rule // .name // .)")' "$out/mlops.json"
