#!/usr/bin/env bash
# The layers the compiler must keep apart: the loop and everything under
# luabind/internal are Lua-free; the loop is standard library only.
set -euo pipefail
cd "$(dirname "$0")/.."
mod=$(go list -m)
fail=0
for pkg in $(go list ./luabind/loop ./luabind/internal/...); do
  bad=$(go list -deps "$pkg" | grep -E "^(github.com/yuin/gopher-lua|layeh.com/gopher-luar|$mod/luabind|$mod/repl|$mod/internal/cli)(/|$)" \
        | grep -vE "^$mod/luabind/(loop|internal/)" || true)
  if [ -n "$bad" ]; then
    echo "layering: $pkg imports $(echo $bad | tr '\n' ' ')" >&2
    fail=1
  fi
done
nonstd=$(go list -deps ./luabind/loop | grep -E '^[^/]*\.' | grep -v "^$mod/luabind/loop$" || true)
if [ -n "$nonstd" ]; then
  echo "layering: luabind/loop must use the standard library only, imports $nonstd" >&2
  fail=1
fi
# Only tests import the test kit.
users=$(go list -f '{{.ImportPath}}: {{join .Imports " "}}' ./... | grep "$mod/internal/testkit" | grep -v "^$mod/internal/testkit:" || true)
if [ -n "$users" ]; then
  echo "layering: non-test code imports internal/testkit: $users" >&2
  fail=1
fi
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
