#!/usr/bin/env bash
# Start-up of the CLI against node itself, in paired runs of one call: each round runs `node -e 0`,
# then `scoped-ssm generate` and `scoped-ssm check` (the embedded default profile, into a temp
# folder), so that load on the machine touches both sides alike. Prints the medians and the ratios.
#   bash scripts/bench-startup.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-15}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run build --silent >/dev/null

now() { local us="${EPOCHREALTIME/[.,]/}"; echo "$us"; }
time_us() {
  local into="$1" start end
  shift
  start="$(now)"
  "$@" >/dev/null 2>&1 || { echo "bench-startup: failed: $*" >&2; exit 1; }
  end="$(now)"
  echo $((end - start)) >>"$into"
}
(cd "$out" && node "$OLDPWD/bin/scoped-ssm.js" generate >/dev/null)
for _ in $(seq "$rounds"); do
  time_us "$out/node" node -e 0
  time_us "$out/generate" bash -c "cd '$out' && node '$PWD/bin/scoped-ssm.js' generate"
  time_us "$out/check" bash -c "cd '$out' && node '$PWD/bin/scoped-ssm.js' check"
  time_us "$out/bash" bash -c "cd '$out' && true"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
node_ms=$(median "$out/node")
# The bash -c wrapper's own cost, measured in the same rounds, is taken off generate and check.
shell=$(median "$out/bash")
for cmd in generate check; do
  m=$(($(median "$out/$cmd") - shell))
  awk -v c="$cmd" -v m="$m" -v n="$node_ms" 'BEGIN { printf "%-9s %6.1f ms  %.2fx node -e 0 (%.1f ms)\n", c, m / 1000, m / n, n / 1000 }'
done
