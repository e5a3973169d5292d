import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../stacks/config-error";
import { MockAws } from "../../preview/mock-aws";
import { loadProject } from "../../preview/project";
import { dockyardProgram } from "../../stacks/program";
import { prodCertificateOverride } from "../support/prod-certificate";
import { ROOT, runProgram, type ProgramRun } from "../support/run-program";
import { captured } from "../support/captured";

/** Every resource's identity, inputs and options, in a stable order, as one string. */
function fingerprint(run: ProgramRun): string {
  const rows = run.resources
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parent,
      inputs: r.inputs,
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      ignoreChanges: r.ignoreChanges,
    }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
  return JSON.stringify(rows);
}

describe("program: determinism and fail-fast", () => {
  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: two runs register byte-identical inputs`, async () => {
      const overrides = stack === "prod" ? prodCertificateOverride() : {};
      const first = fingerprint(await captured(stack));
      const second = fingerprint(await runProgram(stack, overrides));
      assert.equal(second, first);
      assert.ok(first.length > 10000);
    });
  }

  it("a config change shows up in the fingerprint (the comparison can fail)", async () => {
    const base = fingerprint(await captured("dev"));
    const changed = fingerprint(await runProgram("dev", { "dockyard:logRetentionDays": "14" }));
    assert.notEqual(changed, base);
  });

  it("a config error stops the program before any resource is registered", async () => {
    const project = loadProject(ROOT, "dev");
    const services = JSON.parse(project.config["dockyard:services"]);
    services["movie-service"].memory = 4096;
    pulumi.runtime.setAllConfig({ ...project.config, "dockyard:services": JSON.stringify(services) }, []);
    const registered: string[] = [];
    const aws = new MockAws({ region: "us-east-1" });
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          registered.push(a.name);
          return aws.newResource(a);
        },
        call: (a) => aws.call(a),
      },
      "dockyard",
      "dev",
      false,
    );
    assert.throws(
      () => dockyardProgram(),
      (e: unknown) =>
        e instanceof ConfigError &&
        pulumi.RunError.isInstance(e) &&
        e.message ===
          "Pulumi.dev.yaml: `dockyard:services.movie-service.memory` got 4096; allowed: for cpu 256: 512, 1024, 2048. Fix: pick a memory value allowed for cpu 256, or change `dockyard:services.movie-service.cpu`",
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(registered, []);
  });
});
