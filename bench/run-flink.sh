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

export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=AKIABENCHLOCAL000000
export AWS_SECRET_ACCESS_KEY=dummy-secret-key
export AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null

if [ "${BENCH_IN_NETNS:-}" != "1" ]; then
  exec unshare -n env BENCH_IN_NETNS=1 "$0" "$@"
fi
ip link set lo up
if ip -o link show | grep -v ': lo:' | grep -q 'state UP'; then
  echo "refusing to run: a non-loopback interface is up in this namespace" >&2
  exit 2
fi
exec "$java" -Daws.cborEnabled=false -jar "$jar" "$@"
