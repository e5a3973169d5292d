#!/usr/bin/env bash
# Benchmark of `npm test` (not a timed test): wall and CPU (user+sys) of each step, then per spec file the wall
# time, CPU time, child processes started and whole-program runs (test/reporter/timing.js).
#   scripts/time-tests.sh                  check (typecheck + lint), format check and the whole suite in one
#                                          process, one after the other
#   scripts/time-tests.sh test/x.spec.ts   only these spec files (no check or format)
# `npm test` itself runs them at once and the suite in parallel (scripts/test.sh); time it whole with
# /usr/bin/time npm test.
# Numbers depend on the machine's load: the script prints the load average before and after; compare CPU time
# when the machine is shared. TEST_TIMING_JSON=FILE also writes the per-file table as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$#" -gt 0 ]; then
  /usr/bin/time -f "mocha: wall %e s, cpu %U s user + %S s sys" npx mocha --timeout 180000 --reporter ./test/reporter/timing.js "$@"
else
  /usr/bin/time -f "check: wall %e s, cpu %U s user + %S s sys" npm run --silent check
  /usr/bin/time -f "format: wall %e s, cpu %U s user + %S s sys" npm run --silent format:check
  /usr/bin/time -f "mocha: wall %e s, cpu %U s user + %S s sys" npx mocha --reporter ./test/reporter/timing.js "test/**/*.spec.ts"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
