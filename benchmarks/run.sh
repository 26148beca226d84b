#!/usr/bin/env bash
# Builds the benchmarks jar and runs JMH, sized for a 2-core machine.
#   benchmarks/run.sh                  # every benchmark
#   benchmarks/run.sh TribuoPredictor  # those whose name matches a regex
# Extra JMH options may follow the filter, e.g. benchmarks/run.sh Tribuo -wi 1 -i 2
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests
filter="${1:-.*}"
shift || true
exec java -jar benchmarks/target/benchmarks.jar "$filter" -t 1 -rf text -rff benchmarks/target/jmh-result.txt "$@"
