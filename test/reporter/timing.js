// A measuring reporter for scripts/time-tests.sh: wall and CPU time per spec file (hooks included), child
// processes started per file (with their commands), in-process program runs per file, then a table
// sorted by cost. Not the suite's reporter: it measures, it does not judge (speed goals live in benchmarks).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const childProcess = require("node:child_process");
const Mocha = require("mocha");

const {
  EVENT_RUN_BEGIN,
  EVENT_RUN_END,
  EVENT_SUITE_BEGIN,
  EVENT_HOOK_BEGIN,
  EVENT_TEST_BEGIN,
  EVENT_TEST_PASS,
  EVENT_TEST_FAIL,
  EVENT_TEST_PENDING,
} = Mocha.Runner.constants;

const ROOT = path.resolve(__dirname, "..", "..");
const relative = (file) => (file ? path.relative(ROOT, file) : "(root hooks)");

class Timing extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    const files = new Map();
    const entry = (file) => {
      let e = files.get(file);
      if (!e) files.set(file, (e = { file, ms: 0, cpuMs: 0, tests: 0, failed: 0, children: [], runs: 0 }));
      return e;
    };
    let current = "(load)";
    let mark = process.hrtime.bigint();
    let cpuMark = cpuTicks();
    let childMark = childTicks();
    // Children's CPU reaches this process's counters when each is reaped: an asynchronous child's goes to the
    // file that started it (a fixture's long-lived process is often reaped while another file runs), the rest
    // (synchronous children, reaped at once) to the file running.
    const chargeChildren = (file) => {
      const now = childTicks();
      entry(file).cpuMs += (now - childMark) * 10;
      childMark = now;
    };
    const switchTo = (file) => {
      const now = process.hrtime.bigint();
      const cpu = cpuTicks();
      entry(current).ms += Number(now - mark) / 1e6;
      entry(current).cpuMs += (cpu - cpuMark) * 10;
      chargeChildren(current);
      mark = now;
      cpuMark = cpu;
      current = file;
    };
    const fileOf = (runnable) => relative(runnable.file ?? runnable.parent?.file);

    // Child processes: every way a spec starts one, attributed to the file running at the time.
    for (const fn of ["spawn", "spawnSync", "execFile", "execFileSync", "exec", "execSync", "fork"]) {
      const original = childProcess[fn];
      childProcess[fn] = function (command, args, ...rest) {
        const argv = Array.isArray(args) ? args : [];
        const shown = [
          path.basename(String(command)),
          ...argv.slice(0, 3).map((a) => (String(a).startsWith(ROOT) ? path.relative(ROOT, String(a)) : String(a))),
        ];
        const file = current;
        entry(file).children.push(shown.join(" ").slice(0, 120));
        const child = original.call(this, command, args, ...rest);
        // spawnSync and friends return a result, not a ChildProcess; their child is reaped before they return.
        if (child && typeof child.once === "function") {
          chargeChildren(current);
          child.once("exit", () => chargeChildren(file));
        }
        return child;
      };
    }
    // In-process runs under mocks: each one installs a ResourceRecorder (test runner and preview alike).
    const recorderFile = path.join(ROOT, "preview", "capture", "recorder.ts");
    if (require.cache[recorderFile]) {
      const { ResourceRecorder } = require(recorderFile);
      const install = ResourceRecorder.prototype.install;
      ResourceRecorder.prototype.install = function (...args) {
        entry(current).runs++;
        return install.apply(this, args);
      };
    }

    let started;
    let cpuStarted;
    runner.once(EVENT_RUN_BEGIN, () => {
      started = process.hrtime.bigint();
      cpuStarted = cpuTicks() + childTicks();
      switchTo("(root hooks)");
    });
    runner.on(EVENT_SUITE_BEGIN, (suite) => !suite.root && switchTo(fileOf(suite)));
    runner.on(EVENT_HOOK_BEGIN, (hook) => switchTo(fileOf(hook)));
    runner.on(EVENT_TEST_BEGIN, (test) => switchTo(fileOf(test)));
    runner.on(EVENT_TEST_PASS, (test) => entry(fileOf(test)).tests++);
    runner.on(EVENT_TEST_PENDING, (test) => entry(fileOf(test)).tests++);
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      const e = entry(fileOf(test));
      e.tests++;
      e.failed++;
      process.stdout.write(`FAIL ${relative(test.file)}: ${test.fullTitle()}\n  ${String(err && err.message).split("\n")[0]}\n`);
    });
    runner.once(EVENT_RUN_END, () => {
      switchTo("(end)");
      const runMs = Number(process.hrtime.bigint() - started) / 1e6;
      const cpuMs = (cpuTicks() + childTicks() - cpuStarted) * 10;
      const rows = [...files.values()].filter((e) => e.file !== "(end)").sort((a, b) => b.cpuMs - a.cpuMs || b.ms - a.ms);
      const total = (key) => rows.reduce((n, r) => n + (key === "children" ? r.children.length : r[key]), 0);
      const out = [];
      const row = (ms, cpu, tests, procs, runs, label) =>
        `${String(ms).padStart(8)} ${String(cpu).padStart(8)} ${String(tests).padStart(5)} ${String(procs).padStart(5)} ${String(runs).padStart(5)}  ${label}`;
      out.push(row("wall ms", "cpu ms", "tests", "procs", "runs", "file"));
      for (const r of rows)
        out.push(row(r.ms.toFixed(0), r.cpuMs, r.tests, r.children.length, r.runs, `${r.file}${r.failed ? ` (${r.failed} failed)` : ""}`));
      out.push(
        row(
          runMs.toFixed(0),
          cpuMs,
          total("tests"),
          total("children"),
          total("runs"),
          "total of the run phase (file loading comes before it)",
        ),
      );
      out.push("cpu = user+sys of this process and of its reaped child processes (each asynchronous child's to the file that");
      out.push("started it); procs = child processes started;");
      out.push("runs = in-process program runs under mocks (ResourceRecorder installs: whole programs and single components)");
      const commands = new Map();
      for (const r of rows) for (const c of r.children) commands.set(c, (commands.get(c) ?? 0) + 1);
      out.push("", "child processes by command:");
      for (const [c, n] of [...commands].sort((a, b) => b[1] - a[1])) out.push(`${String(n).padStart(5)}  ${c}`);
      process.stdout.write(
        `${out.join("\n")}\n\ntests: ${this.stats.passes} passed, ${this.stats.failures} failed, ${this.stats.pending} skipped\n`,
      );
      if (process.env.TEST_TIMING_JSON) fs.writeFileSync(process.env.TEST_TIMING_JSON, JSON.stringify({ runMs, files: rows }, null, 2));
    });
  }
}

/** Fields `from`..`to` (1-based, inclusive) of /proc/self/stat summed, in clock ticks of 10 ms (Linux only). */
function statTicks(from, to) {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    // After the command (field 2) the state is field 3: field n of the line is fields[n - 3].
    return fields.slice(from - 3, to - 2).reduce((n, f) => n + Number(f), 0);
  } catch {
    return 0;
  }
}
/** This process's own CPU time (utime + stime). */
const cpuTicks = () => statTicks(14, 15);
/** CPU time of the children it has reaped, and of theirs (cutime + cstime). */
const childTicks = () => statTicks(16, 17);

module.exports = Timing;
