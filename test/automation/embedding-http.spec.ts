import * as assert from "assert";
import type { AddressInfo } from "net";
import type * as http from "http";
import * as pulumi from "@pulumi/pulumi";
import { createDeployServer, listenSettings, startFromEnv, type PreviewAndUp } from "../../examples/embedding-http/server";
import {
  ConcurrentUpdateError,
  PolicyViolationError,
  PulumiCliMissingError,
  StackNotFoundError,
  UpdateFailedError,
} from "../../automation/errors";
import type { DeployOptions, OperationResult } from "../../automation/run";

const TOKEN = "s3cret-test-token";
const AUTH = { authorization: `Bearer ${TOKEN}` };

const RESULT: OperationResult = {
  operation: "preview",
  stack: "dev",
  changeSummary: { update: 1, same: 2 },
  outputs: { apiToken: { value: "[secret]", secret: true } },
  policyViolations: [],
  durationMs: 1200,
};

describe("embedding example: HTTP deploy service", () => {
  let server: http.Server;
  let base: string;
  let logs: string[];
  let calls: { op: string; options: DeployOptions }[];
  let behaviour: (options: DeployOptions) => Promise<OperationResult>;

  beforeEach(async () => {
    logs = [];
    calls = [];
    behaviour = async (o) => ({ ...RESULT, stack: o.stack });
    const library: PreviewAndUp = {
      preview: (options) => (calls.push({ op: "preview", options }), behaviour(options)),
      up: (options) => (calls.push({ op: "up", options }), behaviour(options)),
    };
    server = createDeployServer({
      allowedStacks: ["dev", "qa"],
      apiToken: TOKEN,
      library,
      log: (l) => logs.push(l),
      runOptions: { program: "inline" },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  interface Body {
    result?: OperationResult;
    error?: { code: string; message: string; violations?: unknown };
  }
  const post = async (path: string, body?: string): Promise<{ status: number; body: Body }> => {
    const r = await fetch(base + path, { method: "POST", body, headers: AUTH });
    return { status: r.status, body: JSON.parse(await r.text()) };
  };

  it("POST /stacks/dev/preview runs a preview and returns the structured result", async () => {
    const r = await post("/stacks/dev/preview");
    assert.deepStrictEqual(r, { status: 200, body: { result: RESULT } });
    assert.deepStrictEqual(
      calls.map((c) => [c.op, c.options.stack, c.options.program, c.options.signal instanceof AbortSignal]),
      [["preview", "dev", "inline", true]],
    );
    assert.match(logs[0], /^POST \/stacks\/dev\/preview 200 \d+ms$/);
  });

  it("POST /stacks/qa/up passes the update message", async () => {
    const r = await post("/stacks/qa/up", JSON.stringify({ message: "release 42" }));
    assert.strictEqual(r.status, 200);
    assert.deepStrictEqual(
      calls.map((c) => [c.op, c.options.stack, c.options.message]),
      [["up", "qa", "release 42"]],
    );
  });

  it("rejects unknown routes (404), wrong methods (405), stacks not served (403), bad names and bodies (400)", async () => {
    assert.deepStrictEqual(await post("/stacks/dev/destroy"), {
      status: 404,
      body: { error: { code: "not-found", message: "No route for /stacks/dev/destroy. Use POST /stacks/<stack>/preview or /up." } },
    });
    const get = await fetch(`${base}/stacks/dev/preview`, { headers: AUTH });
    assert.strictEqual(get.status, 405);
    assert.deepStrictEqual(await post("/stacks/prod/up"), {
      status: 403,
      body: { error: { code: "stack-not-allowed", message: 'Stack "prod" is not served here; allowed: dev, qa.' } },
    });
    assert.strictEqual((await post("/stacks/..%2Fprod/up")).status, 400);
    assert.deepStrictEqual(await post("/stacks/dev/up", JSON.stringify({ config: { desiredCount: "9" } })), {
      status: 400,
      body: { error: { code: "invalid-input", message: 'Request body allows only "message" (a string); got ["config"].' } },
    });
    assert.strictEqual((await post("/stacks/dev/up", "not json")).status, 400);
    assert.deepStrictEqual(calls, []);
  });

  const cases: [string, () => Error, number, string][] = [
    ["stack not found", () => new StackNotFoundError("dev"), 404, "stack-not-found"],
    ["concurrent update", () => new ConcurrentUpdateError("dev"), 409, "concurrent-update"],
    ["policy violation", () => new PolicyViolationError("dev", []), 422, "policy-violation"],
    ["update failed", () => new UpdateFailedError("up", "dev", [], ["error: x"]), 502, "update-failed"],
    ["CLI missing", () => new PulumiCliMissingError("`pulumi` is not on PATH"), 503, "cli-missing"],
    ["program config error", () => new pulumi.RunError("Pulumi.dev.yaml: bad"), 400, "invalid-config"],
  ];
  for (const [what, make, status, code] of cases) {
    it(`maps ${what} to ${status}`, async () => {
      behaviour = () => Promise.reject(make());
      const r = await post("/stacks/dev/up");
      assert.strictEqual(r.status, status);
      assert.strictEqual(r.body.error?.code, code);
      assert.strictEqual(r.body.error?.message, make().message);
    });
  }

  it("policy violations are returned structured", async () => {
    const v = {
      policyPack: "dockyard-guard",
      policyPackVersion: "0.1.0",
      policy: "ecs-service-private-subnets",
      enforcementLevel: "mandatory",
      urn: "urn:x",
      resource: 'aws:ecs/service:Service "api-svc"',
      message: "private subnets only",
    };
    behaviour = () => Promise.reject(new PolicyViolationError("dev", [v]));
    assert.deepStrictEqual((await post("/stacks/dev/preview")).body.error?.violations, [v]);
  });

  it("an unexpected error is a 500 that leaks nothing, and the log line has no message", async () => {
    behaviour = () => Promise.reject(new Error("token=hunter2-secret at /home/ci/.pulumi"));
    const r = await post("/stacks/dev/up");
    assert.deepStrictEqual(r, {
      status: 500,
      body: { error: { code: "internal", message: "Internal error; see the service's own diagnostics." } },
    });
    assert.ok(!logs.join("\n").includes("hunter2"));
  });

  it("a client that disconnects cancels the running operation", async () => {
    let aborted = false;
    behaviour = (o) =>
      new Promise((_, reject) => {
        o.signal?.addEventListener("abort", () => {
          aborted = true;
          reject(new Error("cancelled"));
        });
      });
    const controller = new AbortController();
    const pending = fetch(`${base}/stacks/dev/up`, { method: "POST", signal: controller.signal, headers: AUTH }).catch(() => undefined);
    while (calls.length === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await pending;
    for (let i = 0; i < 100 && !aborted; i++) await new Promise((r) => setTimeout(r, 10));
    assert.strictEqual(aborted, true);
  });

  it("GET /healthz", async () => {
    const r = await fetch(`${base}/healthz`);
    assert.deepStrictEqual([r.status, JSON.parse(await r.text())], [200, { ok: true }]);
  });

  it("refuses requests without the bearer token (401) and never runs the operation; /healthz stays open", async () => {
    const variants: Record<string, string>[] = [{}, { authorization: "Bearer wrong" }, { authorization: TOKEN }];
    for (const headers of variants) {
      const r = await fetch(`${base}/stacks/dev/up`, { method: "POST", headers });
      assert.strictEqual(r.status, 401);
      assert.strictEqual(r.headers.get("www-authenticate"), 'Bearer realm="dockyard"');
      assert.deepStrictEqual(JSON.parse(await r.text()), {
        error: { code: "unauthorized", message: "Send `Authorization: Bearer <token>` (the server's DOCKYARD_API_TOKEN)." },
      });
    }
    assert.deepStrictEqual(calls, []);
    assert.strictEqual((await fetch(`${base}/healthz`)).status, 200);
  });
});

describe("embedding example: how it starts", () => {
  it("will not create an unauthenticated server unless told so", () => {
    assert.throws(() => createDeployServer({}), {
      message:
        "createDeployServer: `apiToken` is required (a deploy API without authentication runs anyone's deploys); pass the token, or `apiToken: false` behind a proxy that authenticates.",
    });
    assert.doesNotThrow(() => createDeployServer({ apiToken: false }));
  });

  it("reads HOST (default 127.0.0.1), PORT and the token from the environment; no token and no explicit opt-out is an error", () => {
    assert.deepStrictEqual(listenSettings({ DOCKYARD_API_TOKEN: "t" }), {
      host: "127.0.0.1",
      port: 8080,
      allowedStacks: ["dev"],
      apiToken: "t",
    });
    assert.deepStrictEqual(
      listenSettings({ HOST: "0.0.0.0", PORT: "9000", DOCKYARD_API_AUTH: "disabled", DOCKYARD_ALLOWED_STACKS: "dev, qa" }),
      { host: "0.0.0.0", port: 9000, allowedStacks: ["dev", "qa"], apiToken: false },
    );
    assert.throws(() => listenSettings({}), {
      message:
        "DOCKYARD_API_TOKEN is not set; allowed: a token clients send as `Authorization: Bearer <token>`. Fix: set DOCKYARD_API_TOKEN (e.g. `openssl rand -hex 32`), or DOCKYARD_API_AUTH=disabled behind a proxy that authenticates.",
    });
  });

  it("listens on the loopback interface only by default", async () => {
    const lines: string[] = [];
    const server = await startFromEnv({ PORT: "0", DOCKYARD_API_TOKEN: "t" }, (l) => lines.push(l));
    try {
      const address = server.address() as AddressInfo;
      assert.strictEqual(address.address, "127.0.0.1");
      assert.deepStrictEqual(lines, [`dockyard deploy service on 127.0.0.1:${address.port} (stacks: dev; auth: bearer token)`]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
