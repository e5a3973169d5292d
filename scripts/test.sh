#!/usr/bin/env bash
# `npm test`: the suite, the typecheck + type-aware lint (`npm run check`: one TypeScript program for both) and
# the format check, all at once. The suite runs in mocha's parallel mode, one worker per core (MOCHA_JOBS
# overrides; MOCHA_JOBS=1 runs it in one process); check and format share the cores with it. Their output is
# printed whole when the suite ends; the exit status is non-zero when any of the three failed, and the failed
# steps are named.
set -uo pipefail
cd "$(dirname "$0")/.."

jobs="${MOCHA_JOBS:-$(node -p 'require("os").availableParallelism()')}"
# The longest spec files first (CPU seconds measured with scripts/time-tests.sh), so the parallel pool does not end
# with one worker still in a 20-second file while the other idles; the rest follow in .mocharc.json's order.
# Listing a file here only moves it earlier: each file is given to mocha once (.mocharc.json names no spec glob, so
# the list below is the whole run; in parallel mode mocha would run a file given twice twice).
slow_first=(
  test/package/provider.spec.ts
  test/package/components-tarball.spec.ts
  test/policy/pack-process.spec.ts
  test/package/policy-pack.spec.ts
  test/preview/awsx/pack-process.spec.ts
  test/preview/failclosed.spec.ts
  test/preview/html-report.spec.ts
  test/loader/loader.spec.ts
  test/preview/cli-first-hour.spec.ts
  test/preview/update-scenarios.spec.ts
)
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run --silent check >"$out/check" 2>&1 &
check=$!
npm run --silent format:check >"$out/format" 2>&1 &
format=$!
shopt -s globstar
specs=("${slow_first[@]}")
for f in test/**/*.spec.ts; do
  [[ " ${slow_first[*]} " == *" $f "* ]] || specs+=("$f")
done
if [ "$jobs" -gt 1 ]; then
  npx mocha --parallel --jobs "$jobs" "${specs[@]}"
else
  npx mocha "${specs[@]}"
fi
mocha_status=$?
wait "$check"
check_status=$?
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
echo "typecheck, lint, format and the suite passed"
