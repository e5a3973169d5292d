// Mocha's spec reporter plus one plain closing line ("N passed, N failed, N skipped") that CI log readers parse.
"use strict";
const { stripVTControlCharacters } = require("node:util");
const Mocha = require("mocha");

class SpecWithTotals extends Mocha.reporters.Spec {
  constructor(runner, options) {
    // Colour only on a terminal: mocha's supports-color also turns it on for CI logs (CI + GITHUB_ACTIONS, …),
    // which then fill with escape codes. MOCHA_COLORS or FORCE_COLOR still force it.
    if (!process.stdout.isTTY && process.env.MOCHA_COLORS === undefined && process.env.FORCE_COLOR === undefined) {
      const { Base } = Mocha.reporters;
      Base.useColors = false;
      // The ✔/✖ symbols come pre-coloured from log-symbols, which makes its own colour decision.
      for (const key of Object.keys(Base.symbols)) Base.symbols[key] = stripVTControlCharacters(Base.symbols[key]);
    }
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithTotals;
