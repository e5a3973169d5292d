import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, type CliIo, type DeployLibrary } from "../../automation/cli";
import { PolicyViolationError, UpdateCancelledError } from "../../automation/errors";
import type { DeployOptions, OperationResult } from "../../automation/run";
import { installStandIn, loadFixture, type StandIn } from "./standin";

type Call = { fn: string; options: DeployOptions };

/** A library double: records calls, replays a fixture into onEvent, returns canned results. */
function fakeLibrary(overrides: Partial<Record<keyof DeployLibrary, (o: DeployOptions) => Promise<OperationResult>>> = {}) {
  const calls: Call[] = [];
  const result = (operation: OperationResult["operation"], changeSummary: OperationResult["changeSummary"]): OperationResult => ({
    operation,
    stack: "dev",
    changeSummary,
    outputs: {},
    policyViolations: [],
    durationMs: 65_000,
  });
  const make =
    (fn: keyof DeployLibrary, fixture: string | undefined, r: OperationResult) =>
    async (options: DeployOptions): Promise<OperationResult> => {
      calls.push({ fn, options });
      if (overrides[fn]) return overrides[fn](options);
      if (fixture) for (const e of loadFixture(fixture)) options.onEvent?.(e);
      return r;
    };
  const library: DeployLibrary = {
    preview: make("preview", "preview-advisory.json", result("preview", { update: 1, same: 2 })),
    up: make("up", "up-success.json", result("up", { create: 6, same: 1 })),
    refresh: make("refresh", undefined, result("refresh", { same: 7 })),
    destroy: make("destroy", undefined, result("destroy", { delete: 7 })),
    planDestroy: make("planDestroy", undefined, result("plan-destroy", { delete: 7 })),
  };
  return { library, calls };
}

function fakeIo(opts: { library: DeployLibrary; workDir: string; stdinIsTTY?: boolean; answer?: boolean }) {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  let interrupt: (() => void) | undefined;
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: false },
    stderr: { write: (t: string) => err.push(t), isTTY: false },
    stdinIsTTY: opts.stdinIsTTY ?? false,
    confirm: async (q) => {
      questions.push(q);
      return opts.answer ?? false;
    },
    onInterrupt: (h) => {
      interrupt = h;
      return () => {
        interrupt = undefined;
      };
    },
    library: opts.library,
    workDir: opts.workDir,
    now: () => 0,
  };
  return { io, out: () => out.join(""), err: () => err.join(""), questions, interrupt: () => interrupt?.() };
}

describe("dockyard-deploy CLI", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-cli-"));
    fs.writeFileSync(path.join(workDir, "Pulumi.prod.yaml"), "config:\n  dockyard:protect: true\n");
    fs.writeFileSync(path.join(workDir, "Pulumi.dev.yaml"), "config:\n  dockyard:protect: false\n");
  });
  afterEach(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it("preview: runs the library with the stack, local program and project dir; summary on stdout; exit 0", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["preview", "--stack", "dev"], t.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => [
        c.fn,
        c.options.stack,
        c.options.program,
        c.options.workDir,
        typeof c.options.onEvent,
        c.options.signal instanceof AbortSignal,
      ]),
      [["preview", "dev", "local", workDir, "function", true]],
    );
    assert.strictEqual(t.out(), "preview dev: succeeded in 1m05s\n\nCHANGE  COUNT\nsame    2\nupdate  1\n");
    assert.match(t.err(), /policy advisory: ecr-scan-on-push on aws:ecr\/repository:Repository "api-repo"/);
  });

  it("says so when the pack has no config for the stack, naming the file it looked for; silent when it has one", async () => {
    fs.mkdirSync(path.join(workDir, "policy", "config"), { recursive: true });
    fs.writeFileSync(path.join(workDir, "policy", "config", "dev.json"), "{}\n");
    const missing = fakeIo({ library: fakeLibrary().library, workDir });
    assert.strictEqual(await main(["preview", "--stack", "prod"], missing.io), 0);
    assert.ok(
      missing
        .err()
        .startsWith(
          'notice: no policy pack config for stack "prod" (looked for policy/config/prod.json); every policy runs at its default level with default settings. Create the file (copy policy/config/dev.json) to tune it.\n',
        ),
      missing.err(),
    );
    const present = fakeIo({ library: fakeLibrary().library, workDir });
    assert.strictEqual(await main(["preview", "--stack", "dev"], present.io), 0);
    assert.ok(!present.err().includes("notice:"), present.err());
  });

  it("up --yes: plans with a preview, then runs up with progress against the planned total; no prompt", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["up", "--stack", "dev", "--yes", "--inline", "-m", "release 42"], t.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => [c.fn, c.options.program, c.options.message]),
      [
        ["preview", "inline", "release 42"],
        ["up", "inline", "release 42"],
      ],
    );
    assert.deepStrictEqual(t.questions, []);
    assert.ok(t.err().includes("Plan for up dev:\nCHANGE  COUNT\nupdate  1\n"), t.err());
    // The plan (update 1, same 2) announced 3 steps; the progress lines count against it until more appear.
    assert.ok(t.err().includes('[2/3] created aws:ecs/cluster:Cluster "platform-cluster" (0s)\n'), t.err());
  });

  it("up without --yes on a terminal asks, and a no changes nothing (exit 1)", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir, stdinIsTTY: true, answer: false });
    assert.strictEqual(await main(["up", "--stack", "dev", "--json"], t.io), 1);
    assert.deepStrictEqual(t.questions, ['Do you want to up stack "dev"? [y/N] ']);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["preview"],
    );
    assert.match(t.err(), /error: up of stack "dev" was declined; nothing was changed\.\n$/);
    assert.deepStrictEqual(JSON.parse(t.out()), {
      ok: false,
      error: { code: "declined", message: 'up of stack "dev" was declined; nothing was changed.' },
    });
  });

  it("up without --yes on a terminal, answered yes, runs", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir, stdinIsTTY: true, answer: true });
    assert.strictEqual(await main(["up", "--stack", "dev"], t.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["preview", "up"],
    );
    // On a terminal, Ctrl-C reaches the pulumi CLI directly; the library must not send a second SIGINT.
    assert.deepStrictEqual(
      calls.map((c) => c.options.cliSharesTerminal),
      [true, true],
    );
  });

  it("up without --yes and without a terminal refuses (exit 2) before changing anything", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir, stdinIsTTY: false });
    assert.strictEqual(await main(["up", "--stack", "dev"], t.io), 2);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["preview"],
    );
    assert.ok(
      t
        .err()
        .endsWith(
          'error: Refusing to up stack "dev" without confirmation: stdin is not a terminal. Pass --yes to confirm non-interactively.\n',
        ),
      t.err(),
    );
  });

  it("destroy on a protected stack is refused before anything runs, unless --force", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["destroy", "--stack", "prod", "--yes"], t.io), 2);
    assert.strictEqual(calls.length, 0);
    assert.strictEqual(
      t.err(),
      'error: Refusing to destroy stack "prod": Pulumi.prod.yaml sets `dockyard:protect: true`. ' +
        "Pass --force to destroy it anyway, or set `dockyard:protect: false` first.\n",
    );
    const forced = fakeIo({ library, workDir });
    assert.strictEqual(await main(["destroy", "--stack", "prod", "--yes", "--force"], forced.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["planDestroy", "destroy"],
    );
  });

  it("destroy of an unprotected stack plans with planDestroy and runs", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["destroy", "--stack", "dev", "--yes"], t.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["planDestroy", "destroy"],
    );
    assert.ok(t.err().includes("Plan for destroy dev:\nCHANGE  COUNT\ndelete  7\n"));
  });

  it("refresh needs no confirmation", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir, stdinIsTTY: false });
    assert.strictEqual(await main(["refresh", "--stack", "dev"], t.io), 0);
    assert.deepStrictEqual(
      calls.map((c) => c.fn),
      ["refresh"],
    );
  });

  it("--json prints the structured result on stdout", async () => {
    const { library } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["refresh", "--stack", "dev", "--json"], t.io), 0);
    assert.deepStrictEqual(JSON.parse(t.out()), {
      ok: true,
      result: { operation: "refresh", stack: "dev", changeSummary: { same: 7 }, outputs: {}, policyViolations: [], durationMs: 65000 },
    });
  });

  it("--json on failure prints the error body and exits 1", async () => {
    const violations = [
      {
        policyPack: "dockyard-guard",
        policyPackVersion: "0.1.0",
        policy: "ecs-service-private-subnets",
        enforcementLevel: "mandatory",
        urn: "urn:x",
        resource: 'aws:ecs/service:Service "api-svc"',
        message: "private subnets only",
      },
    ];
    const { library } = fakeLibrary({ preview: async () => Promise.reject(new PolicyViolationError("dev", violations)) });
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["preview", "--stack", "dev", "--json"], t.io), 1);
    const body = JSON.parse(t.out());
    assert.deepStrictEqual([body.ok, body.error.code, body.error.violations], [false, "policy-violation", violations]);
    assert.ok(t.err().startsWith('error: Stack "dev": 1 mandatory policy violation(s) blocked the change:'));
  });

  it("Ctrl-C aborts the running operation's signal and exits 130", async () => {
    const holder: { io?: ReturnType<typeof fakeIo> } = {};
    const { library } = fakeLibrary({
      refresh: (o) =>
        new Promise((_, reject) => {
          o.signal?.addEventListener("abort", () => reject(new UpdateCancelledError("refresh", "dev")));
          holder.io?.interrupt();
        }),
    });
    const t = fakeIo({ library, workDir });
    holder.io = t;
    assert.strictEqual(await main(["refresh", "--stack", "dev"], t.io), 130);
    assert.match(t.err(), /Cancelling: in-flight steps finish and the stack lock is released/);
    assert.match(t.err(), /error: refresh of stack "dev" was cancelled; the stack lock was released\.\n$/);
  });

  it("a bad stack name is a usage error (exit 2) with the rule", async () => {
    const { library, calls } = fakeLibrary();
    const t = fakeIo({ library, workDir });
    assert.strictEqual(await main(["preview", "--stack", "../prod"], t.io), 2);
    assert.deepStrictEqual(calls, []);
    assert.match(t.err(), /^error: Invalid stack name "\.\.\/prod": /);
  });
});

describe("dockyard-deploy CLI end to end (stand-in pulumi)", function () {
  this.timeout(30_000);
  let standIn: StandIn;
  afterEach(() => standIn?.restore());

  it("preview --json drives the real library and prints the parsed result", async () => {
    standIn = await installStandIn({ commands: { preview: { events: "preview-advisory.json" } } });
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["preview", "--stack", "dev", "--json"], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      stdinIsTTY: false,
      confirm: async () => false,
      onInterrupt: () => () => undefined,
      workDir: standIn.workDir,
    });
    assert.strictEqual(code, 0, err.join(""));
    const body = JSON.parse(out.join(""));
    assert.deepStrictEqual(body.result.changeSummary, { update: 1, same: 2 });
    assert.deepStrictEqual(
      body.result.policyViolations.map((v: { policy: string }) => v.policy),
      ["ecr-scan-on-push"],
    );
    assert.ok(standIn.calls().some((c) => c.argv[0] === "preview" && c.argv.includes("--policy-pack")));
  });

  it("up with a concurrent update exits 1 with the lock message", async () => {
    standIn = await installStandIn({
      commands: {
        up: { stderr: "error: [409] Conflict: Another update is currently in progress.\n", exitCode: 255 },
        preview: { events: "preview-advisory.json" },
      },
    });
    const err: string[] = [];
    const code = await main(["up", "--stack", "dev", "--yes"], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => err.push(t) },
      stdinIsTTY: false,
      confirm: async () => false,
      onInterrupt: () => () => undefined,
      workDir: standIn.workDir,
    });
    assert.strictEqual(code, 1);
    assert.ok(
      err
        .join("")
        .endsWith(
          'error: Stack "dev" is locked: another update is in progress. Wait for it to finish, or if it crashed, release the lock with `pulumi cancel --stack dev`.\n',
        ),
    );
  });
});
