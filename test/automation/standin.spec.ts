/**
 * The real Automation API (`LocalWorkspace`, `Stack`) driven by our library, against a stand-in `pulumi`
 * first on PATH: asserts the exact command lines the CLI would receive, and how its replies are mapped.
 */
import * as assert from "assert";
import * as path from "path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import {
  ConcurrentUpdateError,
  PolicyViolationError,
  PulumiCliMissingError,
  StackNotFoundError,
  UpdateCancelledError,
  UpdateFailedError,
} from "../../automation/errors";
import { destroy, planDestroy, preview, refresh, up } from "../../automation/run";
import { installStandIn, normalizeArgv, type Script, type StandIn } from "./standin";

const SECRET_TOKEN = "tok-3f9a7c1e2b";
const PASSPHRASE = "correct horse battery staple";
const HISTORY = JSON.stringify([
  {
    kind: "update",
    startTime: "2026-11-22T05:00:00.000Z",
    endTime: "2026-11-22T05:03:07.000Z",
    message: "",
    environment: {},
    config: {},
    result: "succeeded",
    version: 3,
    resourceChanges: { create: 6, same: 1 },
  },
]);

describe("automation library against a stand-in pulumi CLI", function () {
  this.timeout(30_000);
  let standIn: StandIn;
  const use = async (script: Script) => (standIn = await installStandIn(script));
  afterEach(() => standIn?.restore());

  const argvs = () => standIn.calls().map((c) => normalizeArgv(c.argv));
  const pack = () => path.join(standIn.workDir, "policy");
  const packConfig = () => path.join(standIn.workDir, "policy", "config", "dev.json");
  const eventLog = ["--event-log", "tcp://127.0.0.1:<port>"];

  it("preview (local program): selects the stack, attaches the policy pack and its dev config", async () => {
    await use({ commands: { preview: { events: "preview-advisory.json" } } });
    const result = await preview({ stack: "dev", workDir: standIn.workDir, envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE } });
    assert.deepStrictEqual(argvs(), [
      ["version"],
      ["stack", "select", "--stack", "dev", "--non-interactive"],
      [
        "preview",
        ...["--policy-pack", pack(), "--policy-pack-config", packConfig()],
        ...["--exec-agent", "dockyard-automation", "--color", "never", "--exec-kind", "auto.local"],
        ...eventLog,
        ...["--stack", "dev", "--non-interactive"],
      ],
    ]);
    const calls = standIn.calls();
    assert.ok(
      calls.slice(1).every((c) => c.cwd === standIn.workDir),
      "every stack command runs in the project directory",
    );
    assert.deepStrictEqual(calls[2].env, {
      PULUMI_AUTOMATION_API: "true",
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_DEBUG_COMMANDS: "true",
    });
    assert.deepStrictEqual(result.changeSummary, { update: 1, same: 2 });
    assert.deepStrictEqual(result.outputs, {});
    assert.deepStrictEqual(
      result.policyViolations.map((v) => `${v.enforcementLevel} ${v.policy}`),
      ["advisory ecr-scan-on-push"],
    );
    assert.strictEqual(result.operation, "preview");
    assert.ok(result.durationMs >= 0);
  });

  it("preview of a stack that does not exist creates it (stack init), without a policy config for it", async () => {
    await use({
      commands: {
        "stack select": { stderr: "error: no stack named 'qa' found\n", exitCode: 255 },
        preview: { events: "preview-advisory.json" },
      },
    });
    await preview({ stack: "qa", workDir: standIn.workDir });
    assert.deepStrictEqual(argvs().slice(1), [
      ["stack", "select", "--stack", "qa", "--non-interactive"],
      ["stack", "init", "qa", "--non-interactive"],
      [
        "preview",
        ...["--policy-pack", pack()],
        ...["--exec-agent", "dockyard-automation", "--color", "never", "--exec-kind", "auto.local"],
        ...eventLog,
        ...["--stack", "qa", "--non-interactive"],
      ],
    ]);
  });

  it("up: config overrides first (secret ones encrypted), then up --yes --skip-preview with the gate; outputs masked", async () => {
    await use({
      commands: {
        up: { events: "up-success.json" },
        "stack output": {
          stdout: '{"albDnsName":"platform-alb-1234567890.us-east-1.elb.amazonaws.com","apiToken":"[secret]"}\n',
          stdoutShowSecrets: `{"albDnsName":"platform-alb-1234567890.us-east-1.elb.amazonaws.com","apiToken":"${SECRET_TOKEN}"}\n`,
        },
        "stack history": { stdout: HISTORY },
      },
    });
    const result = await up({
      stack: "dev",
      workDir: standIn.workDir,
      message: "release 42",
      config: { desiredCount: "2", apiToken: { value: SECRET_TOKEN, secret: true } },
    });
    assert.deepStrictEqual(argvs().slice(1), [
      ["stack", "select", "--stack", "dev", "--non-interactive"],
      [
        "config",
        "set-all",
        "--stack",
        "dev",
        "--secret",
        `dockyard:apiToken=${SECRET_TOKEN}`,
        "--plaintext",
        "dockyard:desiredCount=2",
        "--non-interactive",
      ],
      [
        ...["up", "--yes", "--skip-preview", "--message", "release 42"],
        ...["--policy-pack", pack(), "--policy-pack-config", packConfig()],
        ...["--exec-agent", "dockyard-automation", "--color", "never", "--exec-kind", "auto.local"],
        ...eventLog,
        ...["--stack", "dev", "--non-interactive"],
      ],
      ["stack", "output", "--json", "--stack", "dev", "--non-interactive"],
      ["stack", "output", "--json", "--show-secrets", "--stack", "dev", "--non-interactive"],
      // showSecrets: false keeps the history read from decrypting anything.
      ["stack", "history", "--json", "--page-size", "1", "--page", "1", "--stack", "dev", "--non-interactive"],
    ]);
    assert.deepStrictEqual(result.outputs, {
      albDnsName: { value: "platform-alb-1234567890.us-east-1.elb.amazonaws.com", secret: false },
      apiToken: { value: "[secret]", secret: true },
    });
    assert.deepStrictEqual(result.changeSummary, { create: 6, same: 1 });
    assert.ok(!JSON.stringify(result).includes(SECRET_TOKEN));
  });

  it("inline program: the CLI is pointed at our in-process language host", async () => {
    await use({ commands: { preview: { events: "preview-advisory.json" } } });
    await preview({ stack: "dev", workDir: standIn.workDir, program: "inline", inlineProgram: async () => ({}) });
    assert.deepStrictEqual(argvs()[2], [
      "preview",
      ...["--policy-pack", pack(), "--policy-pack-config", packConfig()],
      ...["--exec-agent", "dockyard-automation", "--color", "never"],
      "--client=127.0.0.1:<port>",
      ...["--exec-kind", "auto.inline"],
      ...eventLog,
      ...["--stack", "dev", "--non-interactive"],
    ]);
  });

  it("refresh and destroy select the stack (never create it) and carry no policy flags", async () => {
    await use({ commands: { "stack history": { stdout: HISTORY } } });
    await refresh({ stack: "dev", workDir: standIn.workDir });
    await destroy({ stack: "dev", workDir: standIn.workDir });
    await planDestroy({ stack: "dev", workDir: standIn.workDir });
    const ops = argvs().filter((a) => a[0] === "refresh" || a[0] === "destroy" || a[1] === "select" || a[1] === "init");
    const flags = ["--exec-agent", "dockyard-automation", "--color", "never"];
    const kind = ["--exec-kind", "auto.local"];
    const stack = ["--stack", "dev", "--non-interactive"];
    assert.deepStrictEqual(ops, [
      ["stack", "select", "--stack", "dev", "--non-interactive"],
      ["refresh", "--skip-preview", "--yes", ...flags, ...eventLog, ...kind, ...stack],
      ["stack", "select", "--stack", "dev", "--non-interactive"],
      ["destroy", "--yes", "--skip-preview", ...flags, ...eventLog, ...kind, ...stack],
      ["stack", "select", "--stack", "dev", "--non-interactive"],
      ["destroy", "--preview-only", ...flags, ...kind, ...eventLog, ...stack],
    ]);
  });

  it("refresh of a missing stack: StackNotFoundError, and no stack is created", async () => {
    await use({ commands: { "stack select": { stderr: "error: no stack named 'qa' found\n", exitCode: 255 } } });
    await assert.rejects(refresh({ stack: "qa", workDir: standIn.workDir }), (e: unknown) => {
      assert.ok(e instanceof StackNotFoundError);
      assert.strictEqual(
        e.message,
        'Stack "qa" was not found in the current Pulumi backend. Check `pulumi whoami` / PULUMI_BACKEND_URL, ' +
          'or create it by running `preview` or `up` for "qa" first.',
      );
      return true;
    });
    assert.ok(!argvs().some((a) => a[1] === "init"));
  });

  for (const [backend, stderr] of [
    ["Pulumi Cloud", "error: [409] Conflict: Another update is currently in progress.\n"],
    [
      "a DIY backend",
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n",
    ],
  ]) {
    it(`a concurrent update (${backend}) is a ConcurrentUpdateError`, async () => {
      await use({ commands: { up: { stderr, exitCode: 255 } } });
      await assert.rejects(up({ stack: "dev", workDir: standIn.workDir }), {
        name: "ConcurrentUpdateError",
        code: "concurrent-update",
        message:
          'Stack "dev" is locked: another update is in progress. Wait for it to finish, or if it crashed, ' +
          "release the lock with `pulumi cancel --stack dev`.",
      });
      assert.ok(ConcurrentUpdateError.name === "ConcurrentUpdateError");
    });
  }

  it("cancelled before the engine started: no `pulumi cancel` (the lock may be another update's)", async () => {
    await use({ commands: { up: { delayMs: 400, events: "up-success.json" } } });
    const controller = new AbortController();
    const running = up({ stack: "dev", workDir: standIn.workDir, signal: controller.signal });
    await standIn.reached("start up");
    controller.abort();
    await assert.rejects(running, { name: "UpdateCancelledError" });
    assert.deepStrictEqual(standIn.timeline().slice(-1), ["start up"], "the CLI was interrupted before it answered");
    assert.ok(!argvs().some((a) => a[0] === "cancel"), "no `pulumi cancel`");
  });

  it("a mandatory policy violation is a PolicyViolationError listing every finding", async () => {
    await use({ commands: { preview: { events: "preview-policy-violation.json", stderr: "error: preview failed\n", exitCode: 255 } } });
    await assert.rejects(preview({ stack: "dev", workDir: standIn.workDir }), (e: unknown) => {
      assert.ok(e instanceof PolicyViolationError);
      assert.strictEqual(
        e.message,
        'Stack "dev": 1 mandatory policy violation(s) blocked the change:\n' +
          '  - ecs-service-private-subnets (aws:ecs/service:Service "api-svc"): ECS service tasks must run in private ' +
          "subnets without a public IP. Set `assignPublicIp: false` and use the VPC's privateSubnetIds.\n" +
          "Fix the resources named above, or change the enforcement level in policy/config/dev.json.",
      );
      assert.deepStrictEqual(
        e.violations.map((v) => [v.enforcementLevel, v.policy]),
        [
          ["mandatory", "ecs-service-private-subnets"],
          ["advisory", "ecr-scan-on-push"],
        ],
      );
      return true;
    });
  });

  it("a failed update is an UpdateFailedError naming the failing resources", async () => {
    await use({ commands: { up: { events: "up-failed.json", stderr: "error: update failed\n", exitCode: 255 } } });
    await assert.rejects(up({ stack: "dev", workDir: standIn.workDir }), (e: unknown) => {
      assert.ok(e instanceof UpdateFailedError);
      assert.deepStrictEqual(
        e.failedResources.map((r) => [r.type, r.name, r.op]),
        [["aws:ecs/service:Service", "api-svc", "update"]],
      );
      assert.deepStrictEqual(e.errors, ["update failed"]);
      assert.match(e.message, /^up of stack "dev" failed\.\n {2}- aws:ecs\/service:Service "api-svc" \(update\): updating urn:/);
      assert.match(
        e.message,
        /InvalidParameterException: The target group does not have an associated load balancer\.\n {2}- update failed$/,
      );
      return true;
    });
  });

  it("a failure without events reports the CLI's own error lines", async () => {
    await use({ commands: { preview: { stderr: "warning: something\nerror: could not load plugin for aws provider\n", exitCode: 255 } } });
    await assert.rejects(preview({ stack: "dev", workDir: standIn.workDir }), {
      name: "UpdateFailedError",
      message: 'preview of stack "dev" failed.\n  - error: could not load plugin for aws provider',
    });
  });

  it("Ctrl-C: SIGINT reaches the CLI, then `pulumi cancel` releases any lock; UpdateCancelledError", async () => {
    await use({
      commands: {
        up: {
          events: "up-interrupted.json",
          waitForSigint: true,
          afterSigintEvents: "up-cancel-tail.json",
          stderr: "error: update canceled\n",
          exitCode: 255,
        },
        cancel: { stderr: "error: no update is in progress\n", exitCode: 255 },
      },
    });
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    await assert.rejects(
      up({
        stack: "dev",
        workDir: standIn.workDir,
        signal: controller.signal,
        onEvent: (e) => events.push(e),
        onOutput: (text) => {
          if (text.includes("waiting for SIGINT")) controller.abort();
        },
      }),
      (e: unknown) => {
        assert.ok(e instanceof UpdateCancelledError);
        assert.strictEqual(e.message, 'up of stack "dev" was cancelled; the stack lock was released.');
        return true;
      },
    );
    assert.strictEqual(standIn.sigints(), 1, "the CLI received exactly one SIGINT");
    assert.deepStrictEqual(argvs().slice(-1), [["cancel", "--yes", "--stack", "dev", "--non-interactive"]]);
    assert.ok(
      events.some((e) => e.cancelEvent),
      "the engine's cancel event was streamed",
    );
  });

  it("Ctrl-C in a shared terminal: the CLI gets the terminal's SIGINT only (a second would force-terminate it)", async () => {
    await use({
      commands: {
        up: { events: "up-interrupted.json", waitForSigint: true, stderr: "error: update canceled\n", exitCode: 255 },
        cancel: { stderr: "error: no update is in progress\n", exitCode: 255 },
      },
    });
    const controller = new AbortController();
    await assert.rejects(
      up({
        stack: "dev",
        workDir: standIn.workDir,
        signal: controller.signal,
        cliSharesTerminal: true,
        onOutput: (text) => {
          const pid = /waiting for SIGINT pid=(\d+)/.exec(text)?.[1];
          if (!pid) return;
          // What the terminal does: SIGINT to the whole foreground group, so to the CLI as well as to us.
          // Our own handler runs a moment later (100 ms here, so the two signals cannot coalesce).
          process.kill(Number(pid), "SIGINT");
          setTimeout(() => controller.abort(), 100);
        },
      }),
      { name: "UpdateCancelledError" },
    );
    assert.strictEqual(standIn.sigints(), 1);
    assert.deepStrictEqual(argvs().slice(-1), [["cancel", "--yes", "--stack", "dev", "--non-interactive"]]);
  });

  it("Ctrl-C during a preview: the CLI is interrupted, but no `pulumi cancel` (a preview holds no lock)", async () => {
    await use({
      commands: { preview: { events: "preview-advisory.json", waitForSigint: true, stderr: "error: preview canceled\n", exitCode: 255 } },
    });
    const controller = new AbortController();
    await assert.rejects(
      preview({
        stack: "dev",
        workDir: standIn.workDir,
        signal: controller.signal,
        onOutput: (text) => {
          if (text.includes("waiting for SIGINT")) controller.abort();
        },
      }),
      { name: "UpdateCancelledError" },
    );
    assert.strictEqual(standIn.sigints(), 1);
    assert.ok(!argvs().some((a) => a[0] === "cancel"), "no `pulumi cancel`");
  });

  it("an already-aborted signal starts nothing", async () => {
    await use({});
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(up({ stack: "dev", workDir: standIn.workDir, signal: controller.signal }), { name: "UpdateCancelledError" });
    assert.deepStrictEqual(argvs(), []);
  });

  it("secrets never reach onOutput/onEvent: passphrase, secret overrides and credential env are redacted", async () => {
    const echo = `Loaded config token=${SECRET_TOKEN} passphrase=${PASSPHRASE}\n`;
    await use({
      commands: {
        preview: {
          stdout: echo,
          events: [
            { sequence: 0, timestamp: 1, preludeEvent: { config: { "dockyard:apiToken": "[secret]", "dockyard:note": SECRET_TOKEN } } },
            { sequence: 1, timestamp: 2, diagnosticEvent: { message: echo, color: "never", severity: "info" } },
            { sequence: 2, timestamp: 3, stdoutEvent: { message: echo, color: "never" } },
          ],
        },
      },
    });
    const outputs: string[] = [];
    const events: EngineEvent[] = [];
    await preview({
      stack: "dev",
      workDir: standIn.workDir,
      envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
      config: { apiToken: { value: SECRET_TOKEN, secret: true } },
      onOutput: (t) => outputs.push(t),
      onEvent: (e) => events.push(e),
    });
    const seen = outputs.join("") + JSON.stringify(events);
    assert.ok(!seen.includes(SECRET_TOKEN) && !seen.includes(PASSPHRASE), seen);
    assert.strictEqual(outputs.join(""), "Loaded config token=[secret] passphrase=[secret]\n");
    assert.deepStrictEqual(events[0].preludeEvent, { config: { "dockyard:apiToken": "[secret]", "dockyard:note": "[secret]" } });
  });

  it("a secret split across two output chunks is still redacted; the last unterminated line is passed on", async () => {
    await use({ commands: { preview: { stdoutChunks: [`token=${SECRET_TOKEN.slice(0, 5)}`, `${SECRET_TOKEN.slice(5)} ok\nlast`] } } });
    const chunks: string[] = [];
    await preview({
      stack: "dev",
      workDir: standIn.workDir,
      config: { apiToken: { value: SECRET_TOKEN, secret: true } },
      onOutput: (t) => chunks.push(t),
    });
    assert.deepStrictEqual(chunks, ["token=[secret] ok\n", "last"]);
  });

  it("a failing command's error text is redacted too", async () => {
    await use({ commands: { preview: { stderr: `error: decrypting config with passphrase ${PASSPHRASE} failed\n`, exitCode: 255 } } });
    await assert.rejects(preview({ stack: "dev", workDir: standIn.workDir, envVars: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE } }), {
      name: "UpdateFailedError",
      message: 'preview of stack "dev" failed.\n  - error: decrypting config with passphrase [secret] failed',
    });
  });

  it("an abort while the stack is being selected stops before the operation starts (no lock was taken)", async () => {
    await use({ commands: { "stack select": { delayMs: 400 } } });
    const controller = new AbortController();
    const running = up({ stack: "dev", workDir: standIn.workDir, signal: controller.signal });
    await standIn.reached("start stack select");
    controller.abort();
    await assert.rejects(running, (e: unknown) => {
      assert.ok(e instanceof UpdateCancelledError);
      assert.strictEqual(e.message, 'up of stack "dev" was cancelled; the stack lock was released.');
      return true;
    });
    assert.deepStrictEqual(standIn.timeline(), ["start version", "start stack select", "end stack select"]);
  });

  it("an older CLI (no gRPC event stream) gets a JSON-lines event log file; violations still parsed", async () => {
    await use({
      version: "v3.200.0",
      commands: { preview: { events: "preview-policy-violation.json", stderr: "error: preview failed\n", exitCode: 255 } },
    });
    await assert.rejects(preview({ stack: "dev", workDir: standIn.workDir }), { name: "PolicyViolationError" });
    const log = argvs()[2][argvs()[2].indexOf("--event-log") + 1];
    assert.match(log, /automation-logs-preview-[^/]+\/eventlog\.txt$/);
  });

  for (const [what, version, run, detail] of [
    [
      "below the SDK's minimum",
      "v3.1.0",
      () => preview({ stack: "dev", workDir: standIn.workDir }),
      "Minimum version requirement failed. The minimum CLI version requirement is 3.2.0-alpha, your current CLI version is v3.1.0. Please update the Pulumi CLI.",
    ],
    [
      "too old for an inline destroy",
      "v3.180.0",
      () => destroy({ stack: "dev", workDir: standIn.workDir, program: "inline", inlineProgram: async () => ({}) }),
      "destroy with inline programs requires Pulumi version >= 3.181.0.",
    ],
  ] as const) {
    it(`a CLI ${what} is a PulumiCliVersionError`, async () => {
      await use({ version });
      await assert.rejects(run(), {
        name: "PulumiCliVersionError",
        code: "cli-version",
        message:
          `The Pulumi CLI is too old: ${detail} Upgrade it with \`curl -fsSL https://get.pulumi.com | sh\` ` +
          "(or `brew upgrade pulumi`); dockyard is built with @pulumi/pulumi 3.248.0.",
      });
    });
  }

  it("CLI not installed (empty PATH): PulumiCliMissingError says how to install and points to the offline preview", async () => {
    await use({});
    const savedPath = process.env.PATH;
    process.env.PATH = "";
    try {
      await assert.rejects(preview({ stack: "dev", workDir: standIn.workDir }), (e: unknown) => {
        assert.ok(e instanceof PulumiCliMissingError);
        assert.strictEqual(
          e.message,
          "The Pulumi CLI was not found (`pulumi` is not on PATH). Install it with " +
            "`curl -fsSL https://get.pulumi.com | sh` (or `brew install pulumi/tap/pulumi`), make sure `pulumi` is " +
            "on PATH, then run `pulumi login`. To preview without the CLI or an AWS account, run the offline " +
            "preview: `npm start` (or `npm run preview -- --stack <name>`).",
        );
        return true;
      });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
