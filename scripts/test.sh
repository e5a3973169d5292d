#!/usr/bin/env bash
# `npm test`: the typecheck, the lint and the format check run beside the suite rather than before it. The suite is one Node
# process (in-process specs, child processes started one at a time), so on a 2-core machine the other core is
# free for tsc and eslint: their ~25 s of CPU then cost no wall time. Their output is printed whole when the
# suite ends; the exit status is non-zero when any of the three failed, and the failed steps are named.
set -uo pipefail
cd "$(dirname "$0")/.."

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npm run --silent typecheck >"$out/typecheck" 2>&1 &
typecheck=$!
npm run --silent lint >"$out/lint" 2>&1 &
lint=$!
npm run --silent format:check >"$out/format" 2>&1 &
format=$!
npm run --silent mocha
mocha_status=$?
wait "$typecheck"
typecheck_status=$?
wait "$lint"
lint_status=$?
wait "$format"
format_status=$?

failed=()
for step in typecheck lint format; do
  status_var="${step}_status"
  if [ "${!status_var}" -ne 0 ]; then
    failed+=("$step")
    echo "== $step failed (exit ${!status_var})$([ "$step" = format ] && echo "; fix: npm run format"):" >&2
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
