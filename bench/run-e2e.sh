#!/usr/bin/env bash
# End-to-end producer benchmark: null sink + each producer in its own JVM, inside a network namespace that has only
# loopback (the KPL's native daemon would otherwise probe the EC2 metadata address). Needs root (unshare -n).
#   bench/run-e2e.sh --records 1000000 --size 100 --shards 4 --producers null,ours,kpl,naive
#   bench/run-e2e.sh --records 100000 --producers null,ours,kpl,kpl015   # kpl = KPL 1.1.1, kpl015 = KPL 0.15.12
#   bench/run-e2e.sh --smoke                 # 20k records, null + ours + naive: checks that it works, not how fast
# Build first (from the repo root): mvn -B -q -pl bench -am -amd package -DskipTests
# Each producer's runner JVM gets the class path bench/runners.properties gives it (each KPL its own).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/kinesis-producer-bench.jar"
[ -f "$jar" ] || { echo "missing $jar: build the bench module first" >&2; exit 2; }
java="${JAVA:-java}"

# shellcheck source=loopback-only.sh
source "$here/loopback-only.sh"
# BENCH_JAVA_OPTS: extra options for the orchestrator/sink JVM (e.g. -XX:StartFlightRecording=filename=sink.jfr)
exec "$java" ${BENCH_JAVA_OPTS:-} -Daws.cborEnabled=false -jar "$jar" e2e "$@"
