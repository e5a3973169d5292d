import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Capture, ProgramFailure, captureProgram } from "../../preview/capture/run";

const fixture = (name: string): string => path.join(__dirname, "fixtures", name);
const STACK_URN = "urn:pulumi:dev::fixture::pulumi:pulumi:Stack::fixture-dev";

describe("captureProgram", () => {
  let capture: Capture;
  before(async () => {
    capture = await captureProgram({ projectDir: fixture("basic"), stack: "dev" });
  });
  const find = (name: string) => {
    const found = capture.recorded.find((r) => r.resource.name === name);
    assert.ok(found, `no resource named ${name}`);
    return found;
  };

  it("records every registration under a root stack, with engine-shaped URNs and parents", () => {
    assert.deepStrictEqual(
      capture.recorded.map((r) => [r.resource.type, r.resource.urn, r.resource.parent ?? null, r.resource.custom]),
      [
        ["pulumi:pulumi:Stack", STACK_URN, null, false],
        ["fixture:index:Site", "urn:pulumi:dev::fixture::fixture:index:Site::shop", STACK_URN, false],
        ["aws:ecr/repository:Repository", "urn:pulumi:dev::fixture::aws:ecr/repository:Repository::repo", STACK_URN, true],
        ["awsx:ec2:Vpc", "urn:pulumi:dev::fixture::awsx:ec2:Vpc::vpc", STACK_URN, false],
        [
          "aws:s3/bucket:Bucket",
          "urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucket:Bucket::shop-bucket",
          "urn:pulumi:dev::fixture::fixture:index:Site::shop",
          true,
        ],
        ["aws:ec2/securityGroup:SecurityGroup", "urn:pulumi:dev::fixture::aws:ec2/securityGroup:SecurityGroup::sg", STACK_URN, true],
        [
          "aws:s3/bucketPolicy:BucketPolicy",
          "urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucketPolicy:BucketPolicy::shop-policy",
          "urn:pulumi:dev::fixture::fixture:index:Site::shop",
          true,
        ],
      ],
    );
  });

  it("records dependencies and property dependencies, including explicit dependsOn", () => {
    const sg = find("sg").resource;
    assert.deepStrictEqual(sg.dependencies, [
      "urn:pulumi:dev::fixture::aws:ecr/repository:Repository::repo",
      "urn:pulumi:dev::fixture::awsx:ec2:Vpc::vpc",
    ]);
    assert.deepStrictEqual(sg.propertyDependencies, { description: [], vpcId: ["urn:pulumi:dev::fixture::awsx:ec2:Vpc::vpc"] });
    const policy = find("shop-policy").resource;
    assert.deepStrictEqual(policy.propertyDependencies["bucket"], [
      "urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucket:Bucket::shop-bucket",
    ]);
  });

  it("records the resource options that reach the engine", () => {
    assert.strictEqual(find("shop-bucket").resource.options.protect, true);
    assert.deepStrictEqual(find("shop-policy").resource.options, {
      protect: false,
      retainOnDelete: true,
      ignoreChanges: ["policy"],
      deleteBeforeReplace: true,
      aliases: ["urn:pulumi:dev::fixture::fixture:index:Site$aws:s3/bucketPolicy:BucketPolicy::shop-old-policy"],
      additionalSecretOutputs: [],
    });
    assert.deepStrictEqual(find("repo").resource.options.protect, false);
  });

  it("feeds remote components the mock's outputs, and inputs from resolved dependencies", () => {
    const vpc = find("vpc").resource;
    assert.strictEqual((vpc.outputs["privateSubnetIds"] as string[]).length, 2);
    assert.strictEqual(find("sg").resource.inputs["vpcId"], vpc.outputs["vpcId"]);
    assert.strictEqual(find("sg").resource.inputs["description"], "port 8080");
  });

  it("records the program's exports as stack outputs, with secrets shown as [secret]", () => {
    assert.deepStrictEqual(Object.keys(capture.stackOutputs), ["bucketName", "repositoryUrl", "secretToken", "securityGroupId"]);
    assert.strictEqual(capture.stackOutputs["bucketName"], "shop-assets");
    assert.strictEqual(capture.stackOutputs["secretToken"], "[secret]");
    assert.strictEqual(find("repo").display.outputs["tags"], "[secret]");
    assert.match(String(capture.stackOutputs["repositoryUrl"]), /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/repo-[0-9a-f]{7}$/);
  });

  it("collects what the program prints instead of letting it reach stdout", () => {
    assert.deepStrictEqual(capture.messages, [{ severity: "info", message: "configured shop on port 8080" }]);
  });

  it("is deterministic: a second run records byte-identical resources", async () => {
    const again = await captureProgram({ projectDir: fixture("basic"), stack: "dev" });
    assert.strictEqual(JSON.stringify(again.recorded), JSON.stringify(capture.recorded));
  });

  it("reports a program's RunError as the cause, message intact", async () => {
    await assert.rejects(captureProgram({ projectDir: fixture("user-error"), stack: "dev" }), (err: unknown) => {
      assert.ok(err instanceof ProgramFailure);
      assert.ok(err.cause instanceof pulumi.RunError);
      assert.strictEqual(err.message, "Pulumi.dev.yaml: `fixture-user-error:services` is required. Add a `services:` map.");
      return true;
    });
  });

  it("reports a registration that fails after the module ran", async () => {
    await assert.rejects(captureProgram({ projectDir: fixture("crash"), stack: "dev" }), (err: unknown) => {
      assert.ok(err instanceof ProgramFailure);
      assert.ok(err.cause instanceof TypeError);
      assert.strictEqual(err.message, 'error serializing property "bucket": cannot derive a name from bucket');
      return true;
    });
  });
});

describe("ResourceRecorder: invokes and registerOutputs", () => {
  it("records every provider function call with its arguments, and which URNs registered outputs", async () => {
    const { ResourceRecorder } = await import("../../preview/capture/recorder");
    const { MockAws } = await import("../../preview/mock-aws");
    const aws = await import("@pulumi/aws");
    const { disconnect } = await import("@pulumi/pulumi/runtime/settings");
    await pulumi.runtime.setMocks(new MockAws({ region: "eu-west-1" }), "rec", "dev", false);
    const recorder = new ResourceRecorder("rec", "dev");
    recorder.install();

    class Quiet extends pulumi.ComponentResource {
      constructor(name: string) {
        super("rec:index:Quiet", name, {});
      }
    }
    class Loud extends pulumi.ComponentResource {
      constructor(name: string) {
        super("rec:index:Loud", name, {});
        const zones = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this });
        this.registerOutputs({ zones: zones.names });
      }
    }
    new Quiet("quiet");
    new Loud("loud");
    await disconnect();

    assert.deepStrictEqual(recorder.invokes(), [
      { token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: { state: "available" } },
    ]);
    // The SDK registers `{}` for a component that never calls registerOutputs, so the outputs tell them apart.
    assert.deepStrictEqual(recorder.outputsRegistered().sort(), [
      "urn:pulumi:dev::rec::rec:index:Loud::loud",
      "urn:pulumi:dev::rec::rec:index:Quiet::quiet",
    ]);
    const outputs = (name: string) => recorder.resources().find((r) => r.resource.name === name)?.resource.outputs;
    assert.deepStrictEqual([outputs("loud"), outputs("quiet")], [{ zones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }, {}]);
  });
});
