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
# SpringApplication.run: what it logs as "Started ... in"), and the CPU time the JVM had used by
# then (all threads), which the other work of a shared machine disturbs less than elapsed time.
# Prints every run, then per class path the median, quartiles, min and max of each figure, and the
# median of the per-round differences from web (the runs of a round are consecutive, so a slow
# minute of the machine weighs on both sides of a difference).
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
  echo "$line" | sed -E 's/.*jvmToReadyMs=([0-9]+) springReadyMs=([0-9]+) beans=([0-9]+) cpuMs=([0-9]+).*/\1 \2 \3 \4/' >>"$out/$v.txt"
  echo "$i $line" | sed -E 's/^([0-9]+) .*jvmToReadyMs=([0-9]+) springReadyMs=([0-9]+) beans=([0-9]+) cpuMs=([0-9]+).*/\1 \2 \3 \5/' \
      >>"$out/$v.rounds"
}

for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then order=("${variants[@]}"); else order=(starter actuator web); fi
  for v in "${order[@]}"; do run "$v" "$i"; done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

stats() { # file column -> "median p25 p75 min max" (nearest-rank quartiles)
  cut -d' ' -f"$2" "$1" | summarize
}
summarize() { # numbers on stdin -> "median p25 p75 min max"
  sort -n | awk '{ a[NR] = $1 } END {
    n = NR
    med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    p25 = a[int((n + 3) / 4)]; p75 = a[int((3 * n + 3) / 4)]
    printf "%d %d %d %d %d", med, p25, p75, a[1], a[n] }'
}
paired() { # variant column -> the per-round differences from web, summarized
  join <(sort -k1,1 "$out/web.rounds") <(sort -k1,1 "$out/$1.rounds") \
      | awk -v c="$2" '{ print $(c + 4) - $(c + 1) }' | summarize
}
echo
echo "ms: median (p25-p75) [min-max] of the runs; beans in the context"
for v in "${variants[@]}"; do
  read -r jm jl jh jmin jmax <<<"$(stats "$out/$v.txt" 1)"
  read -r sm sl sh smin smax <<<"$(stats "$out/$v.txt" 2)"
  read -r cm cl ch cmin cmax <<<"$(stats "$out/$v.txt" 4)"
  printf '%-9s %3d runs  JVM start to ready %5d (%5d-%5d) [%5d-%5d]  Spring Boot %5d (%5d-%5d) [%5d-%5d]  CPU %5d (%5d-%5d) [%5d-%5d]  beans %s\n' \
      "$v" "$(wc -l <"$out/$v.txt")" "$jm" "$jl" "$jh" "$jmin" "$jmax" "$sm" "$sl" "$sh" "$smin" "$smax" \
      "$cm" "$cl" "$ch" "$cmin" "$cmax" "$(cut -d' ' -f3 "$out/$v.txt" | sort -n | uniq | tr '\n' ' ')"
done
echo
echo "ms: median (p25-p75) [min-max] of the per-round differences from web"
for v in actuator starter; do
  read -r jm jl jh jmin jmax <<<"$(paired "$v" 1)"
  read -r sm sl sh smin smax <<<"$(paired "$v" 2)"
  read -r cm cl ch cmin cmax <<<"$(paired "$v" 3)"
  printf '%-9s - web  JVM start to ready %+6d (%+6d..%+6d) [%+6d..%+6d]  Spring Boot %+6d (%+6d..%+6d) [%+6d..%+6d]  CPU %+6d (%+6d..%+6d) [%+6d..%+6d]\n' \
      "$v" "$jm" "$jl" "$jh" "$jmin" "$jmax" "$sm" "$sl" "$sh" "$smin" "$smax" "$cm" "$cl" "$ch" "$cmin" "$cmax"
done
