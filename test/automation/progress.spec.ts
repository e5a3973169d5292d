import * as assert from "assert";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { EngineEventCollector } from "../../automation/events";
import {
  formatDuration,
  formatTable,
  ProgressReporter,
  renderEventLines,
  renderStatusLine,
  renderSummary,
} from "../../automation/progress";
import { loadFixture } from "./standin";

const CLEAR = "\r\x1b[2K";

/** Replays a fixture through a reporter with a clock that follows the events' own timestamps. */
function replay(events: EngineEvent[], opts: { isTTY: boolean; plannedTotal?: number; columns?: number }) {
  const writes: string[] = [];
  let t = 0;
  const base = events[0].timestamp;
  const reporter = new ProgressReporter({
    sink: { write: (s: string) => writes.push(s), isTTY: opts.isTTY, columns: opts.columns },
    operation: "up",
    stack: "dev",
    plannedTotal: opts.plannedTotal,
    now: () => t,
    intervalMs: 0,
  });
  for (const e of events) {
    t = (e.timestamp - base) * 1000;
    reporter.onEvent(e);
  }
  return {
    writes,
    reporter,
    setTime: (ms: number) => {
      t = ms;
    },
  };
}

describe("progress rendering", () => {
  it("formats durations", () => {
    assert.deepStrictEqual([850, 12_000, 65_000, 3_725_000].map(formatDuration), ["0s", "12s", "1m05s", "1h02m05s"]);
  });

  it("formats tables padded to the widest cell without trailing spaces", () => {
    assert.strictEqual(
      formatTable(
        ["A", "LONG HEADER"],
        [
          ["wide cell", "x"],
          ["b", ""],
        ],
      ),
      "A          LONG HEADER\nwide cell  x\nb",
    );
  });

  it("plain mode (CI): one line per changed resource with done/planned and elapsed; unchanged ones are silent", () => {
    const { writes } = replay(loadFixture("up-success.json"), { isTTY: false, plannedTotal: 7 });
    assert.deepStrictEqual(writes, [
      '[2/7] created aws:ecs/cluster:Cluster "platform-cluster" (10s)\n',
      '[3/7] created aws:lb/targetGroup:TargetGroup "api-tg" (16s)\n',
      '[4/7] created aws:lb/loadBalancer:LoadBalancer "platform-alb" (18s)\n',
      '[5/7] created aws:ecs/taskDefinition:TaskDefinition "api-task" (22s)\n',
      '[6/7] created aws:ecs/service:Service "api-svc" (26s)\n',
      '[7/7] created pulumi:pulumi:Stack "dockyard-dev" (28s)\n',
    ]);
  });

  it("plain mode without a plan: the total grows as steps are announced", () => {
    const { writes } = replay(loadFixture("up-success.json"), { isTTY: false });
    assert.deepStrictEqual(writes.slice(0, 2), [
      '[2/3] created aws:ecs/cluster:Cluster "platform-cluster" (10s)\n',
      '[3/5] created aws:lb/targetGroup:TargetGroup "api-tg" (16s)\n',
    ]);
  });

  it("plain mode: failures, engine errors and policy findings get their own lines", () => {
    assert.deepStrictEqual(replay(loadFixture("up-failed.json"), { isTTY: false }).writes, [
      '[1/2] updated aws:ecs/taskDefinition:TaskDefinition "api-task" (6s)\n',
      "error: updating urn:pulumi:dev::dockyard::dockyard:ecs:FargateService$aws:ecs/service:Service::api-svc: 1 error occurred:\n" +
        "\t* updating ECS Service (arn:aws:ecs:us-east-1:123456789012:service/platform-cluster-5e6f7a8/api-svc-7f6e5d4): " +
        "operation error ECS: UpdateService, InvalidParameterException: The target group does not have an associated load balancer.\n",
      '[1/3] FAILED updating aws:ecs/service:Service "api-svc" (12s)\n',
      "error: update failed\n",
    ]);
    const policy = replay(loadFixture("preview-policy-violation.json"), { isTTY: false }).writes;
    assert.deepStrictEqual(
      policy.filter((l) => l.startsWith("policy")),
      [
        'policy mandatory: ecs-service-private-subnets on aws:ecs/service:Service "api-svc": ECS service tasks must run in private subnets without a public IP. Set `assignPublicIp: false` and use the VPC\'s privateSubnetIds.\n',
        'policy advisory: ecr-scan-on-push on aws:ecr/repository:Repository "api-repo": ECR repositories should scan images on push. Set `imageScanningConfiguration.scanOnPush: true`.\n',
      ],
    );
  });

  it("TTY mode: one status line redrawn in place, current operations listed, spinner advances on tick", () => {
    const events = [...loadFixture("up-interrupted.json"), ...loadFixture("up-cancel-tail.json")];
    const { writes, reporter, setTime } = replay(events, { isTTY: true, plannedTotal: 7, columns: 100 });
    setTime(65_000);
    reporter.tick();
    reporter.stop();
    assert.deepStrictEqual(writes, [
      `${CLEAR}⠋ up dev  0/7 done  0s`,
      `${CLEAR}⠋ up dev  0/7 done  2s`,
      `${CLEAR}⠋ up dev  0/7 done  4s  updating aws:ecs/service:Service "api-svc"`,
      `${CLEAR}cancelled (1m40s)\n`,
      `${CLEAR}⠋ up dev  0/7 done  1m40s  updating aws:ecs/service:Service "api-svc"`,
      `${CLEAR}⠙ up dev  0/7 done  1m05s  updating aws:ecs/service:Service "api-svc"`,
      CLEAR,
    ]);
  });

  it("TTY mode: a failure scrolls above the status line", () => {
    const { writes } = replay(loadFixture("up-failed.json"), { isTTY: true });
    assert.ok(writes.includes(`${CLEAR}[1/3] FAILED updating aws:ecs/service:Service "api-svc" (12s)\n`), writes.join("|"));
    assert.ok(!writes.some((w) => w.includes("] updated ")), "successes only move the counter on a TTY");
  });

  it("the status line is cut to the terminal width and counts extra operations", () => {
    const c = new EngineEventCollector();
    const events = loadFixture("up-success.json");
    // Everything up to the target group's announcement, plus the task definition's and service's.
    for (const e of [...events.slice(0, 8), events[10], events[12]]) c.handle(e);
    const line = renderStatusLine(c.snapshot(), { operation: "up", stack: "dev", elapsedMs: 16_000, frame: 3, columns: 1000 });
    assert.strictEqual(
      line,
      '⠸ up dev  2/7 done  16s  creating aws:lb/loadBalancer:LoadBalancer "platform-alb", ' +
        'creating aws:lb/targetGroup:TargetGroup "api-tg" +2 more',
    );
    const narrow = renderStatusLine(c.snapshot(), { operation: "up", stack: "dev", elapsedMs: 16_000, columns: 30 });
    assert.strictEqual(narrow, "⠋ up dev  2/7 done  16s  crea…");
    assert.strictEqual(narrow.length, 30);
  });

  it("renderEventLines ignores events that carry nothing for a person", () => {
    const prelude = loadFixture("up-success.json")[0];
    assert.deepStrictEqual(renderEventLines(prelude, new EngineEventCollector().snapshot(), 0), []);
  });

  it("summary: changes, policy findings and outputs (secrets stay masked)", () => {
    const text = renderSummary({
      operation: "up",
      stack: "dev",
      changeSummary: { create: 6, same: 1, update: 0 },
      outputs: {
        albDnsName: { value: "platform-alb-1234567890.us-east-1.elb.amazonaws.com", secret: false },
        apiToken: { value: "[secret]", secret: true },
        serviceNames: { value: ["api-svc-7f6e5d4"], secret: false },
      },
      policyViolations: [
        {
          policyPack: "dockyard-guard",
          policyPackVersion: "0.1.0",
          policy: "ecr-scan-on-push",
          enforcementLevel: "advisory",
          urn: "urn:x",
          resource: 'aws:ecr/repository:Repository "api-repo"',
          message: "ECR repositories should scan images on push.\nSecond line.",
        },
      ],
      durationMs: 187_400,
    });
    assert.strictEqual(
      text,
      [
        "up dev: succeeded in 3m07s",
        "",
        "CHANGE  COUNT",
        "create  6",
        "same    1",
        "",
        "LEVEL     POLICY            RESOURCE                                  MESSAGE",
        'advisory  ecr-scan-on-push  aws:ecr/repository:Repository "api-repo"  ECR repositories should scan images on push.',
        "",
        "OUTPUT        VALUE",
        "albDnsName    platform-alb-1234567890.us-east-1.elb.amazonaws.com",
        "apiToken      [secret]",
        'serviceNames  ["api-svc-7f6e5d4"]',
        "",
      ].join("\n"),
    );
  });

  it("summary of a run without changes says so", () => {
    assert.strictEqual(
      renderSummary({
        operation: "refresh",
        stack: "prod",
        changeSummary: { same: 0 },
        outputs: {},
        policyViolations: [],
        durationMs: 4000,
      }),
      "refresh prod: succeeded in 4s\n\nno changes\n",
    );
  });
});
