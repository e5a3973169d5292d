import * as assert from "assert";
import * as path from "path";
import { parseCliArgs } from "../../automation/args";
import { InvalidInputError } from "../../automation/errors";
import {
  buildDestroyOptions,
  buildPlanDestroyOptions,
  buildPreviewOptions,
  buildRefreshOptions,
  buildUpOptions,
  policyPackArgs,
  REPO_ROOT,
  toConfigMap,
  validateStackName,
  type OperationContext,
} from "../../automation/options";

const ctx: OperationContext = {
  policyPacks: ["/repo/policy"],
  policyPackConfigs: ["/repo/policy/config/dev.json"],
};

describe("automation options", () => {
  it("REPO_ROOT is the directory holding automation/", () => {
    assert.strictEqual(REPO_ROOT, path.resolve(__dirname, "..", ".."));
  });

  describe("policyPackArgs", () => {
    it("attaches the pack and the stack's config file when it exists", () => {
      const seen: string[] = [];
      const args = policyPackArgs("/repo", "dev", (f) => (seen.push(f), true));
      assert.deepStrictEqual(args, { policyPacks: ["/repo/policy"], policyPackConfigs: ["/repo/policy/config/dev.json"] });
      assert.deepStrictEqual(seen, ["/repo/policy/config/dev.json"]);
    });

    it("attaches only the pack when the stack has no config file (pack defaults apply)", () => {
      assert.deepStrictEqual(
        policyPackArgs("/repo", "qa", () => false),
        { policyPacks: ["/repo/policy"], policyPackConfigs: [] },
      );
    });

    it("uses the bare stack name of a qualified stack for the config file", () => {
      assert.deepStrictEqual(policyPackArgs("/repo", "acme/dockyard/prod", () => true).policyPackConfigs, [
        "/repo/policy/config/prod.json",
      ]);
    });
  });

  describe("toConfigMap", () => {
    it("namespaces bare keys with dockyard:, keeps namespaced ones, sorts keys and marks secrets", () => {
      const map = toConfigMap({ "aws:region": "eu-west-1", desiredCount: "2", apiToken: { value: "tok", secret: true } });
      assert.deepStrictEqual(Object.keys(map), ["aws:region", "dockyard:apiToken", "dockyard:desiredCount"]);
      assert.deepStrictEqual(map, {
        "aws:region": { value: "eu-west-1", secret: false },
        "dockyard:apiToken": { value: "tok", secret: true },
        "dockyard:desiredCount": { value: "2", secret: false },
      });
    });

    for (const bad of ["", ":region", "aws:"]) {
      it(`rejects the key ${JSON.stringify(bad)}`, () => {
        assert.throws(
          () => toConfigMap({ [bad]: "x" }),
          (e: unknown) =>
            e instanceof InvalidInputError &&
            e.message ===
              `Invalid config key ${JSON.stringify(bad)}: use "<key>" (namespace dockyard) or "<namespace>:<key>", e.g. "desiredCount" or "aws:region".`,
        );
      });
    }
  });

  describe("validateStackName", () => {
    for (const ok of ["dev", "prod", "feature_x.1", "acme/dockyard/dev"]) {
      it(`accepts ${ok}`, () => validateStackName(ok));
    }
    for (const bad of ["", "dev prod", "../dev", "../../package", "acme/../dev", "..", "a/b/c/d", "--yes"]) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        assert.throws(() => validateStackName(bad), {
          name: "InvalidInputError",
          message: `Invalid stack name ${JSON.stringify(bad)}: use letters, digits, "-", "_" and "." (optionally qualified as "org/project/stack"), e.g. "dev" or "prod".`,
        });
      });
    }
  });

  describe("operation options", () => {
    const onOutput = () => undefined;
    const onEvent = () => undefined;
    const signal = new AbortController().signal;
    const full: OperationContext = { ...ctx, onOutput, onEvent, signal, message: "release 42" };

    it("preview: policy gate, plain colour, our user agent", () => {
      assert.deepStrictEqual(buildPreviewOptions(ctx), {
        color: "never",
        userAgent: "dockyard-automation",
        policyPacks: ["/repo/policy"],
        policyPackConfigs: ["/repo/policy/config/dev.json"],
      });
    });

    it("up: policy gate, no secrets in the history read, callbacks and message passed through", () => {
      assert.deepStrictEqual(buildUpOptions(full), {
        color: "never",
        userAgent: "dockyard-automation",
        message: "release 42",
        onOutput,
        onEvent,
        signal,
        showSecrets: false,
        policyPacks: ["/repo/policy"],
        policyPackConfigs: ["/repo/policy/config/dev.json"],
      });
    });

    it("refresh and destroy carry no policy options (the CLI runs no policies for them)", () => {
      const expected = { color: "never", userAgent: "dockyard-automation", showSecrets: false };
      assert.deepStrictEqual(buildRefreshOptions(ctx), expected);
      assert.deepStrictEqual(buildDestroyOptions(ctx), expected);
      assert.deepStrictEqual(buildPlanDestroyOptions(ctx), { color: "never", userAgent: "dockyard-automation" });
    });
  });
});

describe("automation CLI arguments", () => {
  const parse = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      outcome: parseCliArgs(
        argv,
        (t) => out.push(t),
        (t) => err.push(t),
      ),
      out: out.join(""),
      err: err.join(""),
    };
  };

  it("parses an operation with every flag", () => {
    assert.deepStrictEqual(parse(["up", "--stack", "prod", "--yes", "--json", "--inline", "-m", "release 42"]).outcome, {
      args: { operation: "up", stack: "prod", yes: true, json: true, inline: true, force: false, message: "release 42" },
    });
  });

  it("defaults every flag to false", () => {
    assert.deepStrictEqual(parse(["destroy", "-s", "dev", "--force"]).outcome, {
      args: { operation: "destroy", stack: "dev", yes: false, json: false, inline: false, force: true },
    });
  });

  it("rejects an unknown operation with exit 2 and lists the allowed ones", () => {
    const r = parse(["deploy", "--stack", "dev"]);
    assert.deepStrictEqual(r.outcome, { exitCode: 2 });
    assert.match(
      r.err,
      /error: command-argument value 'deploy' is invalid for argument 'operation'\. Allowed choices are preview, up, refresh, destroy\./,
    );
  });

  it("requires --stack", () => {
    const r = parse(["preview"]);
    assert.deepStrictEqual(r.outcome, { exitCode: 2 });
    assert.match(r.err, /error: required option '-s, --stack <name>' not specified/);
  });

  it("--help prints usage and exits 0", () => {
    const r = parse(["--help"]);
    assert.deepStrictEqual(r.outcome, { exitCode: 0 });
    assert.match(r.out, /Usage: dockyard-deploy \[options\] <operation>/);
  });
});
