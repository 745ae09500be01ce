#!/bin/sh
# Installs what the benchmark's protocol rows need (bench/README.md): the
# load generators and redis-server (Debian packages; installed when run as
# root and missing) and the pinned npm packages of the Node servers
# (bench/package-lock.json) into bench/node_modules, which git ignores.
# `go run ./bench` runs the npm step itself when the packages are missing.
set -eu
cd "$(dirname "$0")"
need=""
for pair in redis-server:redis-server redis-benchmark:redis-tools wrk:wrk ab:apache2-utils dnsperf:dnsperf npm:npm; do
  cmd=${pair%%:*}; pkg=${pair##*:}
  command -v "$cmd" >/dev/null 2>&1 || need="$need $pkg"
done
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086 # one word per package
    apt-get install -y -qq $need >/dev/null
  else
    echo "bench/setup.sh: missing:$need (run as root, or apt-get install them)" >&2
  fi
fi
npm ci --no-audit --no-fund --loglevel=error
