#!/usr/bin/env bash
# Builds the reactor and writes the class paths of the Spring Boot measurements:
#   benchmarks/target/spring-web.classpath       spring-boot-starter-web (and the module's own libraries)
#   benchmarks/target/spring-actuator.classpath  the same plus Actuator and the Prometheus registry
#   benchmarks/target/spring-starter.classpath   the same as web plus mlops-spring-boot-starter
# Each comes from Maven (dependency:build-classpath of the benchmarks module, with the profile that
# adds the dependency), so the three differ by exactly what the added dependency brings; the apps
# run from benchmarks/target/classes on them, never from the shaded JMH jar.
# Usage: benchmarks/scripts/spring-classpath.sh [web|actuator|starter ...]   (default: all three)
set -euo pipefail
cd "$(dirname "$0")/../.."
variants=("$@")
[ ${#variants[@]} -eq 0 ] && variants=(web actuator starter)
for v in "${variants[@]}"; do
  case "$v" in
    web) profile=() ;;
    actuator) profile=(-Pspring-actuator) ;;
    starter) profile=(-Pspring-starter) ;;
    *) echo "unknown class path '$v' (web, actuator or starter)" >&2; exit 2 ;;
  esac
  # -am: the mlops4j modules come from this reactor (packaged now), never from ~/.m2.
  mvn -B -o -q "${profile[@]}" -pl benchmarks -am package dependency:build-classpath -DskipTests \
      -DincludeScope=test -Dmdep.outputFile="target/spring-$v.classpath"
done
