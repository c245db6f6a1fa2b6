# Sourced by the bench's run scripts: the environment every runner JVM gets (never instance metadata, static dummy
# credentials, an explicit region), then the script runs again inside a network namespace of its own with only
# loopback up (unshare -n: needs root), and refuses to go on if any other interface is up there.
export AWS_EC2_METADATA_DISABLED=true
export AWS_ACCESS_KEY_ID=AKIABENCHLOCAL000000
export AWS_SECRET_ACCESS_KEY=dummy-secret-key
export AWS_REGION=us-east-1
export AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT=true
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
