#!/usr/bin/env bash
# Startup time the mlops4j Spring Boot starter adds to an empty Spring Boot web application.
#
# Runs org.mlops4j.benchmarks.spring.startup.EmptyWebApp (no bean or controller of its own) in a
# fresh JVM per run, on three class paths written by spring-classpath.sh:
#   web       spring-boot-starter-web
#   actuator  web + spring-boot-starter-actuator + micrometer-registry-prometheus
#   starter   web + mlops-spring-boot-starter with its defaults (embedded SQLite store in a fresh
#             temporary directory per run, no model endpoint), which brings the two above
# Runs are interleaved, the order reversed every other round (web actuator starter, then starter
# actuator web, ...). Each run reports the time from JVM start (RuntimeMXBean.getStartTime()) to
# ApplicationReadyEvent, and Spring Boot's own figure (ApplicationReadyEvent.getTimeTaken(), from
# SpringApplication.run: what it logs as "Started ... in"). Prints every run, then median, quartiles,
# min and max per class path, and the medians' differences from web.
#
# Usage: benchmarks/scripts/spring-startup.sh [rounds]        (default 15 rounds: 45 JVMs)
#   SKIP_BUILD=1 reuses the class paths of a previous run.
#   JAVA_OPTS is passed to every JVM (default: none, as a service starts by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-15}"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  benchmarks/scripts/spring-classpath.sh web actuator starter
fi
variants=(web actuator starter)
out=benchmarks/target/spring-startup
rm -rf "$out" && mkdir -p "$out"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # variant round
  local v="$1" i="$2" store line
  store="$(mktemp -d)"
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat "benchmarks/target/spring-$v.classpath")" \
      org.mlops4j.benchmarks.spring.startup.EmptyWebApp --server.port=0 --spring.main.banner-mode=off \
      --mlops.store.path="$store/mlops" >"$out/$v-$i.out" 2>"$out/$v-$i.log"
  rm -rf "$store"
  line="$(grep '^startup ' "$out/$v-$i.out")" || { echo "$v run $i printed no startup line: see $out/$v-$i.log" >&2; exit 1; }
  echo "$v $i $line"
  echo "$line" | sed -E 's/.*jvmToReadyMs=([0-9]+) springReadyMs=([0-9]+) beans=([0-9]+).*/\1 \2 \3/' >>"$out/$v.txt"
}

for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then order=("${variants[@]}"); else order=(starter actuator web); fi
  for v in "${order[@]}"; do run "$v" "$i"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

stats() { # file column -> "median p25 p75 min max" (nearest-rank quartiles)
  cut -d' ' -f"$2" "$1" | sort -n | awk '{ a[NR] = $1 } END {
    n = NR
    med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    p25 = a[int((n + 3) / 4)]; p75 = a[int((3 * n + 3) / 4)]
    printf "%d %d %d %d %d", med, p25, p75, a[1], a[n] }'
}
echo
echo "ms, median (p25-p75) [min-max]; beans in the context"
base_j=""; base_s=""
for v in "${variants[@]}"; do
  read -r jm jl jh jmin jmax <<<"$(stats "$out/$v.txt" 1)"
  read -r sm sl sh smin smax <<<"$(stats "$out/$v.txt" 2)"
  beans="$(cut -d' ' -f3 "$out/$v.txt" | sort -n | uniq | tr '\n' ' ')"
  [ -z "$base_j" ] && base_j="$jm" && base_s="$sm"
  printf '%-9s %4d  jvm-to-ready %5d (%5d-%5d) [%5d-%5d]  spring %5d (%5d-%5d) [%5d-%5d]  beans %s  median +%d ms (spring +%d ms) over web\n' \
      "$v" "$(wc -l <"$out/$v.txt")" "$jm" "$jl" "$jh" "$jmin" "$jmax" "$sm" "$sl" "$sh" "$smin" "$smax" "$beans" \
      "$((jm - base_j))" "$((sm - base_s))"
done
