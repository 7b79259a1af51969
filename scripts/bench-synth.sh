#!/usr/bin/env bash
# Wall time of `npx cdktf synth`, of the direct-node synth (`node dist/main.js`, what `npm run synth`
# runs) and of the handlebars generator (`scoped-ssm generate`, every module of the same config),
# measured in the same run, a few times each; prints the medians and the ratios.
#   bash scripts/bench-synth.sh [repetitions]
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
runs="${1:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Build once, so that the direct synth runs current code; cdktf's app command rebuilds incrementally.
node node_modules/typescript/bin/tsc -p tsconfig.app.json

# Milliseconds, from bash's own clock (bash >= 5), so that timing adds no process start-up.
now() { local us="${EPOCHREALTIME/[.,]/}"; echo $((us / 1000)); }
# Runs the command quietly (its output is shown if it fails) and appends its wall time to file $1.
time_ms() {
  local into="$1" start end
  shift
  start="$(now)"
  if ! "$@" >"$out/log" 2>&1; then
    cat "$out/log" >&2
    echo "bench-synth: failed: $*" >&2
    exit 1
  fi
  end="$(now)"
  echo $((end - start)) >>"$into"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

for _ in $(seq "$runs"); do
  time_ms "$out/cli.ms" npx cdktf synth --output "$out/cli"
  CDKTF_OUTDIR="$out/direct" time_ms "$out/direct.ms" node dist/main.js
  time_ms "$out/generate.ms" node bin/scoped-ssm.js generate --out "$out/modules"
done
test -f "$out/cli/manifest.json" && test -f "$out/direct/manifest.json" && test -d "$out/modules"
cli_ms="$(median <"$out/cli.ms")"
direct_ms="$(median <"$out/direct.ms")"
generate_ms="$(median <"$out/generate.ms")"
echo "npx cdktf synth:   $(paste -sd' ' "$out/cli.ms") ms (median ${cli_ms} ms)"
echo "node dist/main.js: $(paste -sd' ' "$out/direct.ms") ms (median ${direct_ms} ms)"
echo "scoped-ssm generate: $(paste -sd' ' "$out/generate.ms") ms (median ${generate_ms} ms)"
node -e "console.log('npx cdktf synth / node dist/main.js: ' + ($cli_ms / $direct_ms).toFixed(1) + 'x')"
node -e "console.log('npx cdktf synth / scoped-ssm generate: ' + ($cli_ms / $generate_ms).toFixed(1) + 'x')"
