#!/usr/bin/env bash
# `npm test`: the suite, the typecheck + type-aware lint (`npm run check`: one TypeScript program for both) and
# the format check, all at once. `npm run test:package` (`scripts/test.sh --package`): the package specs alone.
# CI runs both (.ci/run).
#
# The package specs build the two npm packages (once per content of their sources, shared across specs and runs:
# test/package/package-builds.ts), install the tarballs outside the repository and start the Pulumi CLI's own
# plugin hosts (run-policy-pack, run-plugin) both from their builds and from their TypeScript sources, which
# ts-node type-checks at every start: nearly all of their ~95 s of CPU is the TypeScript compiler reading
# @pulumi/aws's 31 MB of declarations, once per build, check, source start and schema analysis
# (`node -r ./loader/register scripts/launch-costs.ts` measures each step). They prove what ships; the suite
# proves what the code does, and is what a change is tested with while it is being made.
#
# The suite runs in mocha's parallel mode, one worker per core (MOCHA_JOBS overrides; MOCHA_JOBS=1 runs it in one
# process); check and format share the cores with it. Their output is printed whole when the suite ends; the exit
# status is non-zero when any step failed, and the failed steps are named.
set -uo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar

package_specs=(
  test/package/provider.spec.ts
  test/package/components-tarball.spec.ts
  test/package/policy-pack.spec.ts
  test/policy/pack-process.spec.ts
  test/preview/awsx/pack-process.spec.ts
)
# The longest files first (CPU measured with scripts/time-tests.sh), so that the parallel pool does not end with
# one worker still in a long file while the other idles; the rest follow in path order.
slow_first=(
  "${package_specs[@]}"
  test/preview/cli-first-hour.spec.ts
  test/loader/loader.spec.ts
  test/smoke/lint-rules.spec.ts
  test/preview/update-scenarios.spec.ts
  test/preview/html-report.spec.ts
  test/preview/failclosed.spec.ts
  test/automation/bin.spec.ts
)
for f in "${slow_first[@]}"; do
  [ -f "$f" ] || { echo "scripts/test.sh names $f, which does not exist: remove it from the lists" >&2; exit 2; }
done

# Each file once, in this order: .mocharc.json names no spec glob, and in parallel mode mocha would run a file
# given twice twice.
listed() { [[ " ${*:2} " == *" $1 "* ]]; }
specs=()
for f in "${slow_first[@]}" test/**/*.spec.ts; do
  listed "$f" "${specs[@]}" && continue
  listed "$f" "${package_specs[@]}"
  is_package=$?
  if [ "${1:-}" = "--package" ]; then [ "$is_package" -eq 0 ] && specs+=("$f"); else [ "$is_package" -ne 0 ] && specs+=("$f"); fi
done

jobs="${MOCHA_JOBS:-$(node -p 'require("os").availableParallelism()')}"
mocha() {
  # The local bin, not npx (which spends ~0.5 s of CPU finding it).
  if [ "$jobs" -gt 1 ]; then node_modules/.bin/mocha --parallel --jobs "$jobs" "${specs[@]}"; else node_modules/.bin/mocha "${specs[@]}"; fi
}

if [ "${1:-}" = "--package" ]; then
  mocha
  exit
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run --silent check >"$out/check" 2>&1 &
check=$!
npm run --silent format:check >"$out/format" 2>&1 &
format=$!
mocha
mocha_status=$?
mocha_done=$SECONDS
wait "$check"
check_status=$?
check_done=$SECONDS
wait "$format"
format_status=$?

failed=()
for step in check format; do
  status_var="${step}_status"
  if [ "${!status_var}" -ne 0 ]; then
    failed+=("$step")
    echo "== npm run $step failed (exit ${!status_var})$([ "$step" = format ] && echo "; fix: npm run format"):" >&2
    cat "$out/$step" >&2
  elif [ -s "$out/$step" ]; then
    echo "== npm run $step:"
    cat "$out/$step"
  fi
done
[ "$mocha_status" -eq 0 ] || failed+=(mocha)
if [ "${#failed[@]}" -gt 0 ]; then
  echo "npm test failed: ${failed[*]}" >&2
  exit 1
fi
echo "typecheck, lint, format and the suite passed (the package specs: npm run test:package)"
echo "(wall: the suite ${mocha_done} s; check and format done by ${check_done} s and ${SECONDS} s)"
