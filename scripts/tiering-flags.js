// The V8 flags for the development tools that run once over a lot of code: `npm run check` (TypeScript's compiler
// and ESLint) and the mocha workers (.mocharc.json's node-option). By default V8 optimizes hot functions early and
// inlines deeply; TypeScript's checker keeps its four background threads busy compiling for ~10 s of a ~20 s
// run, more than a single run wins back. Optimizing later and inlining less: `npm run check` ~35 -> ~30 s of CPU,
// the suite ~3 s less, the same wall time (measured side by side; README, Speed). Nothing else changes.
// test/smoke/node-flags.spec.ts holds package.json's scripts and .mocharc.json to this list.
"use strict";

const TIERING_FLAGS = ["--interrupt-budget=300000", "--max-inlined-bytecode-size-cumulative=230"];

module.exports = { TIERING_FLAGS };
