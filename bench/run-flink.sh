#!/usr/bin/env bash
# The Flink sinks side by side (issue #21): the same MiniCluster job (parallelism 2, 1M x 100 B records) with
# kinesis-producer-flink and with a baseline built the way flink-connector-aws's KinesisStreamsSink is built, against
# the bench's null sink, each in its own JVM, inside a network namespace with only loopback up. Needs root (unshare -n).
#   bench/run-flink.sh                      # discard, ours, baseline; 1M records
#   bench/run-flink.sh --records 200k --repeat 3 --sinks ours,baseline
# Build first (from the repo root): mvn -B -q -pl bench/flink-bench -am package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/flink-bench/target/kinesis-producer-bench-flink.jar"
[ -f "$jar" ] || { echo "missing $jar: build it first (mvn -B -q -pl bench/flink-bench -am package -DskipTests)" >&2; exit 2; }
java="${JAVA:-java}"

# shellcheck source=loopback-only.sh
source "$here/loopback-only.sh"
exec "$java" -Daws.cborEnabled=false -jar "$jar" "$@"
