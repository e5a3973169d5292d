#!/usr/bin/env bash
# One type-check over everything: test/tsconfig.json includes the shipped code, the tests, benches, scripts and
# examples. The shipped code's own tsconfig.json differs only by not loading mocha's globals; eslint.config.mjs
# forbids those globals (and imports of test/) in shipped files, so a second full tsc pass would add nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsc --noEmit -p test/tsconfig.json
