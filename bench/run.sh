#!/bin/sh
# Runs the netsh-vs-Node benchmark from the repository root; arguments go
# to the runner (see bench/README.md), e.g.
#   bench/run.sh -quick
#   bench/run.sh -md /tmp/bench.md -cpuprofile /tmp/netsh-pingpong.pprof
set -eu
cd "$(dirname "$0")/.."
exec go run ./bench "$@"
