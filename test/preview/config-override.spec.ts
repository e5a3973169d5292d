import * as assert from "assert";
import { applyConfigSetting, parseConfigFlag } from "../../preview/config-override";
import { ProjectFileError } from "../../preview/project";

describe("--config KEY=VALUE (preview/config-override)", () => {
  it("splits at the first = and keeps the rest of the value", () => {
    assert.deepStrictEqual(parseConfigFlag("dockyard:loadBalancer.certificateArn=arn:aws:acm:x=y"), {
      key: "dockyard:loadBalancer.certificateArn",
      value: "arn:aws:acm:x=y",
    });
  });

  it("refuses a key without a namespace or without =", () => {
    for (const bad of ["certificateArn=x", "dockyard:protect", "=x"]) {
      assert.throws(
        () => parseConfigFlag(bad),
        (e: unknown) =>
          e instanceof ProjectFileError &&
          e.message ===
            `--config ${JSON.stringify(bad)}: allowed: <namespace>:<key>[.<field>…]=<value>. Fix: e.g. --config 'dockyard:loadBalancer.certificateArn=arn:aws:acm:…'`,
      );
    }
  });

  it("sets a top-level key, or one field of a structured key like `pulumi config set --path`, without changing its input", () => {
    const config = { "dockyard:loadBalancer": '{"deletionProtection":true}', "aws:region": "us-east-1" };
    assert.deepStrictEqual(applyConfigSetting(config, "aws:region", "eu-west-1"), { ...config, "aws:region": "eu-west-1" });
    assert.deepStrictEqual(applyConfigSetting(config, "dockyard:loadBalancer.certificateArn", "arn:x"), {
      ...config,
      "dockyard:loadBalancer": '{"deletionProtection":true,"certificateArn":"arn:x"}',
    });
    assert.deepStrictEqual(
      applyConfigSetting(config, "dockyard:network.cidrBlock", "10.1.0.0/16")["dockyard:network"],
      '{"cidrBlock":"10.1.0.0/16"}',
    );
    assert.strictEqual(config["dockyard:loadBalancer"], '{"deletionProtection":true}');
  });

  it("refuses a path into a value that is not a map", () => {
    assert.throws(() => applyConfigSetting({ "dockyard:protect": "true" }, "dockyard:protect.x", "1"), {
      message: "--config dockyard:protect.x: `dockyard:protect` is not a map, so it has no field x. Fix: set `dockyard:protect` itself",
    });
  });
});
