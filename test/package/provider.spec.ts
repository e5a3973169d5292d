/**
 * The package's multi-language face (components/PulumiPlugin.yaml → components/provider/): the schema Pulumi
 * infers from the TypeScript types, asserted field by field (name, type, required, description), and `Construct`
 * through the provider — in-process on the provider object under the mock AWS (the analyzer's `ComponentProvider`
 * and the build's `PrebuiltSchemaProvider`), and GetSchema over gRPC from the host entry started as a plugin
 * process, from the package build (components/build.js: the schema analyzed once, byte for byte the analyzer's) and
 * from the TypeScript source. How the entry decides between them (components/provider-build.js), with an edited
 * source, tsconfig or package.json making it fall back.
 *
 * MERGE NOTE: when `PlatformInputs`/`FargateServiceInputs` (components/provider/inputs.ts) change, update the
 * tables below: one table per component (inputs, outputs) and one per nested type.
 */
import * as assert from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { GetSchemaRequest, type GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import * as providerBuild from "../../components/provider-build";
import { PROVIDER_COMPONENTS, PROVIDER_NAME } from "../../components/provider/components";
import { providerOptions } from "../../components/provider/host";
import { PrebuiltSchemaProvider } from "../../components/provider/prebuilt";
import { runWithMocks, type RecordedResource } from "../support/run-program";
import { readGraph, type Resolution } from "./graph-check";
import { componentsBuild, type PackageBuild } from "./package-builds";
import { readJson, REPO, scratchDir } from "./tarball";

const PROVIDER_DIR = path.join(REPO, "components/provider");

/** What Construct is called on. */
type Constructs = { construct: NonNullable<Provider["construct"]> };

/** [name, type, required, description]. Types: `string`, `number`, `boolean`, `T[]`, `map<T>`, a type name; ` (input)` when it takes an Output. */
type Row = [string, string, boolean, string];

const PLATFORM_INPUTS: Row[] = [
  ["environment", "string", true, "Environment name used in physical names and tags; normally the stack name."],
  ["project", "string", false, "Pulumi project name; with `environment` it scopes every physical name (the current project by default)."],
  ["region", "string", false, "AWS region the platform is in (the `aws:region` config by default)."],
  ["discoveryNamespace", "string", true, "Cloud Map private DNS namespace, e.g. `dev.internal`."],
  ["availabilityZones", "number", false, "Availability zones, 2–6, one public and one private subnet each (2 by default)."],
  ["natGateways", "string", false, "`Single` NAT gateway (cheap) or `OnePerAz` (highly available); `Single` by default."],
  ["cidrBlock", "string", false, "VPC CIDR block (`10.0.0.0/16` by default)."],
  [
    "vpcEndpoints",
    "boolean",
    false,
    "Interface endpoints for ECR, CloudWatch Logs and Secrets Manager plus an S3 gateway endpoint (off by default).",
  ],
  ["containerInsights", "string", false, "Container Insights level, `enabled` or `enhanced` (`enabled` by default)."],
  [
    "capacityProviderStrategy",
    "CapacityProviderItem[]",
    false,
    "The cluster's default capacity provider strategy (FARGATE, base 1, weight 1 by default).",
  ],
  [
    "certificateArn",
    "string",
    false,
    "ACM certificate ARN: adds an HTTPS listener (TLS 1.3 policy) and makes HTTP redirect to it (HTTP only by default).",
  ],
  ["deletionProtection", "boolean", false, "ALB deletion protection (off by default)."],
  ["idleTimeoutSeconds", "number", false, "ALB idle timeout in seconds (60 by default)."],
  ["accessLogsBucket", "string", false, "S3 bucket for ALB access logs; its policy must let ELB write (no access logs by default)."],
  ["accessLogsPrefix", "string", false, "Key prefix of the access logs (empty by default)."],
];

const PLATFORM_OUTPUTS: Row[] = [
  ["vpcId", "string", true, "VPC id."],
  ["vpcCidrBlock", "string", true, "VPC CIDR block."],
  ["privateSubnetIds", "string[]", true, "Private subnet ids (tasks run here)."],
  ["publicSubnetIds", "string[]", true, "Public subnet ids (the ALB and NAT gateways)."],
  ["clusterArn", "string", true, "ECS cluster ARN."],
  ["clusterName", "string", true, "ECS cluster name."],
  ["loadBalancerArn", "string", true, "ALB ARN."],
  ["loadBalancerDnsName", "string", true, "ALB DNS name."],
  ["loadBalancerSecurityGroupId", "string", true, "ALB security group id."],
  ["listenerArn", "string", true, "The listener services attach rules to (HTTPS when a certificate is set)."],
  ["baseUrl", "string", true, "Base URL of the ALB (`https://…` or `http://…`)."],
  ["namespaceId", "string", true, "Cloud Map namespace id."],
  ["namespaceName", "string", true, "Cloud Map namespace name."],
  ["accountId", "string", true, "AWS account id."],
  ["partition", "string", true, "AWS partition."],
  ["region", "string", true, "AWS region."],
];

const FARGATE_SERVICE_INPUTS: Row[] = [
  ["platform", "PlatformAttachment", true, "The platform the service runs on."],
  ["image", "ServiceImage", true, "The image to run."],
  ["architecture", "string", false, "CPU architecture, `x86_64` or `arm64` (`x86_64` by default)."],
  ["cpu", "number", false, "Task CPU units, a Fargate size (256 by default)."],
  ["memory", "number", false, "Task memory in MiB, allowed for `cpu` (512 by default)."],
  ["port", "number", false, "Container port (8080 by default)."],
  ["desiredCount", "number", false, "Tasks to run, the initial count when autoscaling (1 by default)."],
  ["environmentVariables", "map<string>", false, "Plain environment variables of the app container, never secrets (none by default)."],
  [
    "secrets",
    "map<string>",
    false,
    "Environment variable → Secrets Manager or SSM parameter ARN; the execution role may read exactly these.",
  ],
  ["kmsKeyArns", "string[]", false, "KMS keys that encrypt the secrets (none by default)."],
  ["readonlyRootFilesystem", "boolean", false, "Read-only root filesystem (true by default, false with ECS Exec)."],
  ["enableExecuteCommand", "boolean", false, "ECS Exec (off by default)."],
  ["stopTimeoutSeconds", "number", false, "Seconds between SIGTERM and SIGKILL (30 by default)."],
  ["taskPolicy", "TaskPolicyStatement[]", false, "Task role statements (none by default)."],
  ["routes", "ServiceRoutes", false, "Route traffic from the platform's ALB listener (internal only by default)."],
  ["healthCheckPath", "string", false, "Target group health check path, with `routes` (`/health` by default)."],
  ["discovery", "boolean", false, "Register in Cloud Map (by default when the platform has a namespace)."],
  ["autoscaling", "ServiceAutoscaling", false, "Target-tracking autoscaling (a fixed desired count by default)."],
  ["logRetentionDays", "number", false, "Log retention in days (30 by default)."],
  ["forceDeleteRepository", "boolean", false, "Let `pulumi destroy` delete the ECR repository with images in it (off by default)."],
  ["protect", "boolean", false, "Protect and retain the ECR repository and log group (off by default)."],
];

const FARGATE_SERVICE_OUTPUTS: Row[] = [
  ["serviceName", "string", true, "ECS service name."],
  ["taskDefinitionArn", "string", true, "Task definition ARN (family:revision)."],
  ["imageUri", "string", true, "Image the task runs, pinned by digest."],
  ["repositoryUrl", "string", true, "ECR repository URL."],
  ["securityGroupId", "string", true, "Task security group id."],
  ["targetGroupArn", "string", false, "Target group ARN, when load balanced."],
  ["discoveryName", "string", false, "`<name>.<namespace>`, when registered in Cloud Map."],
  ["url", "string", false, "Public URL (ALB base URL and first path prefix), when load balanced."],
  ["port", "number", true, "Container port."],
];

const TYPES: Record<string, Row[]> = {
  CapacityProviderItem: [
    ["capacityProvider", "string", true, "`FARGATE` or `FARGATE_SPOT`."],
    ["base", "number", false, "Tasks always placed on this provider first (0 by default)."],
    ["weight", "number", false, "Relative share of the remaining tasks (1 by default)."],
  ],
  PlatformAttachment: [
    ["environment", "string", true, "Environment name of the platform; with `project` it scopes the physical names."],
    ["project", "string", false, "Pulumi project of the platform (the current project by default)."],
    ["region", "string", true, "AWS region of the platform."],
    ["accountId", "string (input)", true, "AWS account id (`Platform.accountId`)."],
    ["partition", "string (input)", false, "AWS partition (`aws` by default)."],
    ["clusterArn", "string (input)", true, "ECS cluster ARN (`Platform.clusterArn`)."],
    ["clusterName", "string (input)", true, "ECS cluster name (`Platform.clusterName`)."],
    ["vpcId", "string (input)", true, "VPC id (`Platform.vpcId`)."],
    ["vpcCidr", "string (input)", true, "VPC CIDR block (`Platform.vpcCidrBlock`)."],
    ["privateSubnetIds", "string[] (input)", true, "Private subnets the tasks run in (`Platform.privateSubnetIds`)."],
    [
      "listenerArn",
      "string (input)",
      false,
      "Listener services attach rules to (`Platform.listenerArn`); needed for `routes` (none by default).",
    ],
    ["loadBalancerArn", "string (input)", false, "ALB ARN (`Platform.loadBalancerArn`), with `listenerArn`."],
    [
      "loadBalancerSecurityGroupId",
      "string (input)",
      false,
      "ALB security group (`Platform.loadBalancerSecurityGroupId`), with `listenerArn`.",
    ],
    ["baseUrl", "string (input)", false, "ALB base URL (`Platform.baseUrl`), with `listenerArn`."],
    ["namespaceId", "string (input)", false, "Cloud Map namespace id (`Platform.namespaceId`); needed for `discovery` (none by default)."],
    ["namespaceName", "string (input)", false, "Cloud Map namespace name (`Platform.namespaceName`), with `namespaceId`."],
  ],
  ServiceImage: [
    ["uri", "string", false, "Image URI pinned by digest (`…@sha256:<64 hex>`); set this or `context`."],
    ["context", "string", false, "Build context directory, relative to the program's working directory; set this or `uri`."],
    ["dockerfile", "string", false, "Dockerfile path inside the context (`Dockerfile` by default)."],
    ["target", "string", false, "Dockerfile stage to build (the last stage by default)."],
    ["args", "map<string>", false, "Docker build args (none by default)."],
  ],
  TaskPolicyStatement: [
    ["actions", "string[]", true, "IAM actions, e.g. `s3:GetObject`; `*` and `<service>:*` are refused."],
    ["resources", "string[]", true, "Exact resource ARNs; `*` is refused."],
  ],
  ServiceRoutes: [
    ["pathPatterns", "string[]", false, "Path patterns, e.g. `/movies*` (none by default; set these or `hostHeaders`)."],
    ["hostHeaders", "string[]", false, "Host headers (none by default)."],
    ["priority", "number", true, "Listener rule priority, 1–50000, unique on the listener."],
  ],
  ServiceAutoscaling: [
    ["min", "number", true, "Minimum tasks."],
    ["max", "number", true, "Maximum tasks."],
    ["cpuTargetPercent", "number", false, "Average CPU target in percent (60 by default)."],
    ["memoryTargetPercent", "number", false, "Average memory target in percent (80 by default)."],
    ["requestsPerTarget", "number", false, "ALB requests per target; needs `loadBalancer` (no request-count policy by default)."],
  ],
};

interface Property {
  type?: string;
  $ref?: string;
  items?: Property;
  additionalProperties?: Property;
  plain?: boolean;
  description?: string;
}
interface ObjectSchema {
  description?: string;
  properties: Record<string, Property>;
  required?: string[];
  inputProperties?: Record<string, Property>;
  requiredInputs?: string[];
}
interface Schema {
  name: string;
  version: string;
  resources: Record<string, ObjectSchema>;
  types: Record<string, ObjectSchema>;
}

/** How a property reads in the tables; `inputs` marks the ones that take an Output (not plain). */
function kind(p: Property, inputs: boolean): string {
  const base =
    p.$ref !== undefined
      ? p.$ref.replace(`#/types/${PROVIDER_NAME}:index:`, "")
      : p.type === "array" && p.items
        ? `${kind(p.items, false)}[]`
        : p.type === "object" && p.additionalProperties
          ? `map<${kind(p.additionalProperties, false)}>`
          : String(p.type);
  return inputs && p.plain !== true ? `${base} (input)` : base;
}

function rows(properties: Record<string, Property>, required: readonly string[] | undefined, inputs: boolean): Row[] {
  return Object.entries(properties).map(([name, p]) => [name, kind(p, inputs), (required ?? []).includes(name), p.description ?? ""]);
}

const sortRows = (r: Row[]) => [...r].sort((a, b) => a[0].localeCompare(b[0]));

describe("the component provider (components/provider): inferred schema and Construct", function () {
  this.timeout(180_000);
  const provider = new ComponentProvider(providerOptions(PROVIDER_DIR));
  /** The analyzer's schema, as GetSchema serves it (JSON text), and parsed. */
  let analyzed: string;
  let schema: Schema;
  let build: PackageBuild;
  let prebuiltSchema: string;

  before(async () => {
    analyzed = await provider.getSchema();
    schema = JSON.parse(analyzed) as Schema;
    // The package build of a copy of components/ and policy/ (shared with the tarball spec, once per content).
    build = await componentsBuild();
    prebuiltSchema = fs.readFileSync(path.join(build.root, providerBuild.SCHEMA_BUILD), "utf8");
  });

  it("names the package dockyard, at the component package's version, with module-index type tokens", () => {
    assert.deepStrictEqual(
      [schema.name, schema.version],
      [PROVIDER_NAME, readJson<{ version: string }>(path.join(REPO, "components/package.json")).version],
    );
    assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["dockyard:index:FargateService", "dockyard:index:Platform"]);
    assert.deepStrictEqual(
      PROVIDER_COMPONENTS.map((c) => c.name),
      ["Platform", "FargateService"],
    );
    assert.match(fs.readFileSync(path.join(REPO, "components/PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs\nmain: provider\/start\.js$/m);
  });

  const component = (token: string) => schema.resources[token];

  it("Platform: every input and output, with its type, whether it is required, and its description", () => {
    const p = component("dockyard:index:Platform");
    assert.match(String(p.description), /^The shared infrastructure of a stack: a VPC/);
    assert.deepStrictEqual(sortRows(rows(p.inputProperties ?? {}, p.requiredInputs, true)), sortRows(PLATFORM_INPUTS));
    assert.deepStrictEqual(sortRows(rows(p.properties, p.required, false)), sortRows(PLATFORM_OUTPUTS));
  });

  it("FargateService: every input and output, with its type, whether it is required, and its description", () => {
    const s = component("dockyard:index:FargateService");
    assert.match(String(s.description), /^One microservice on ECS Fargate/);
    assert.deepStrictEqual(sortRows(rows(s.inputProperties ?? {}, s.requiredInputs, true)), sortRows(FARGATE_SERVICE_INPUTS));
    assert.deepStrictEqual(sortRows(rows(s.properties, s.required, false)), sortRows(FARGATE_SERVICE_OUTPUTS));
  });

  it("the nested input types, field by field; every field of the schema has a description", () => {
    assert.deepStrictEqual(
      Object.keys(schema.types)
        .map((t) => t.replace("dockyard:index:", ""))
        .sort(),
      Object.keys(TYPES).sort(),
    );
    for (const [name, expected] of Object.entries(TYPES)) {
      const t = schema.types[`dockyard:index:${name}`];
      assert.deepStrictEqual(sortRows(rows(t.properties, t.required, true)), sortRows(expected), name);
    }
    const undocumented = [
      ...Object.values(schema.resources).flatMap((r) => [...Object.entries(r.inputProperties ?? {}), ...Object.entries(r.properties)]),
      ...Object.values(schema.types).flatMap((t) => Object.entries(t.properties)),
    ]
      .filter(([, p]) => (p.description ?? "").trim() === "")
      .map(([n]) => n);
    assert.deepStrictEqual(undocumented, []);
  });

  /** Both providers the host can serve: the analyzer's (from the source) and the build's (from the prebuilt schema). */
  const providers: [string, () => Constructs][] = [
    ["ComponentProvider, the analyzer's (the source path)", () => provider],
    ["PrebuiltSchemaProvider, the build's schema (the build path)", () => new PrebuiltSchemaProvider(prebuiltSchema, PROVIDER_COMPONENTS)],
  ];
  for (const [label, providerOf] of providers)
    describe(`Construct on the provider, under the mock AWS: ${label}`, () => {
      let provider: Constructs;
      let resources: RecordedResource[];
      let platform: ConstructResult;
      let service: ConstructResult;
      let urns: { platform: string; service: string };

      before(async () => {
        provider = providerOf();
        const run = await runWithMocks("dev", { "aws:region": "us-east-1" }, [], () =>
          runInPulumiStack(async () => {
            platform = await provider.construct(
              "shop",
              "dockyard:index:Platform",
              { environment: "dev", discoveryNamespace: "shop.internal", natGateways: "OnePerAz" },
              {},
            );
            const out = platform.state as Record<string, pulumi.Output<string>>;
            service = await provider.construct(
              "api",
              "dockyard:index:FargateService",
              {
                platform: {
                  environment: "dev",
                  region: "us-east-1",
                  accountId: out.accountId,
                  clusterArn: out.clusterArn,
                  clusterName: out.clusterName,
                  vpcId: out.vpcId,
                  vpcCidr: "10.0.0.0/16",
                  privateSubnetIds: out.privateSubnetIds,
                  listenerArn: out.listenerArn,
                  loadBalancerArn: out.loadBalancerArn,
                  loadBalancerSecurityGroupId: out.loadBalancerSecurityGroupId,
                  baseUrl: out.baseUrl,
                },
                image: { uri: `123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${"b".repeat(64)}` },
                cpu: 512,
                memory: 1024,
                routes: { pathPatterns: ["/api*"], priority: 10 },
              },
              {},
            );
            urns = { platform: await promiseOf(platform.urn), service: await promiseOf(service.urn) };
            return {};
          }),
        );
        await run.result;
        resources = run.resources;
      });

      it("registers the package's components under the schema's tokens and returns every schema output as state", () => {
        assert.deepStrictEqual(urns, {
          platform: "urn:pulumi:dev::dockyard::dockyard:index:Platform::shop",
          service: "urn:pulumi:dev::dockyard::dockyard:index:FargateService::api",
        });
        assert.deepStrictEqual(Object.keys(platform.state).sort(), PLATFORM_OUTPUTS.map((r) => r[0]).sort());
        assert.deepStrictEqual(Object.keys(service.state).sort(), FARGATE_SERVICE_OUTPUTS.map((r) => r[0]).sort());
      });

      it("the children it registered: the platform's and the service's, with the inputs mapped onto the package's args", () => {
        const children = (parent: string) =>
          resources
            .filter((r) => r.parent === parent)
            .map((r) => `${r.type} ${r.name}`)
            .sort();
        assert.deepStrictEqual(children(urns.platform), [
          "aws:ec2/securityGroup:SecurityGroup shop-alb-sg",
          "aws:ecs/cluster:Cluster shop-cluster",
          "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders shop-capacity",
          "aws:lb/listener:Listener shop-http",
          "aws:lb/loadBalancer:LoadBalancer shop-alb",
          "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace shop-namespace",
          "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule shop-alb-in-80",
          "awsx:ec2:Vpc shop-vpc",
        ]);
        const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
        assert.deepStrictEqual(vpc?.inputs.natGateways, { strategy: "OnePerAz" });
        const serviceChildren = children(urns.service);
        for (const child of [
          "aws:ecs/service:Service api-svc",
          "aws:ecs/taskDefinition:TaskDefinition api-task",
          "aws:lb/listenerRule:ListenerRule api-rule",
          "aws:lb/targetGroup:TargetGroup api-tg",
          "aws:ecr/repository:Repository api-repo",
        ]) {
          assert.ok(serviceChildren.includes(child), `${child} not among ${serviceChildren.join(", ")}`);
        }
        const task = resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === "api-task");
        assert.deepStrictEqual([task?.inputs.cpu, task?.inputs.memory], ["512", "1024"]);
      });

      it("refuses inputs the package refuses, with the component's error; and tokens it does not serve", async () => {
        await assert.rejects(
          provider.construct("bad", "dockyard:index:FargateService", { platform: {}, image: { uri: "x", context: "." } }, {}),
          {
            name: "ComponentArgsError",
            message:
              'FargateService "bad": `image` needs exactly one of `uri` (a digest-pinned image) or `context` (a build context); got {"uri":"x","context":"."}',
          },
        );
        await assert.rejects(
          provider.construct(
            "bad",
            "dockyard:index:Platform",
            { environment: "dev", discoveryNamespace: "x.internal", natGateways: "Two" },
            {},
          ),
          { name: "ComponentArgsError", message: 'Platform "bad": `natGateways` must be one of "Single", "OnePerAz"; got "Two"' },
        );
        await assert.rejects(provider.construct("x", "dockyard:ecs:FargateService", {}, {}), /Invalid module 'ecs'/);
      });
    });

  describe("the package build (components/build.js) and how the entry chooses it (components/provider-build.js)", () => {
    /** A fresh copy of the built tree (components/, policy/, the build in components/dist), to edit. */
    const copy = (): string => {
      const dir = scratchDir("dockyard-provider-build-");
      fs.cpSync(build.root, dir, { recursive: true });
      return path.join(dir, "components");
    };
    const choose = (components: string, env: NodeJS.ProcessEnv = {}) => providerBuild.chooseHost(components, env);
    const fromSource = (components: string, reason: string) => ({
      compiled: false,
      host: path.join(components, "provider/host.ts"),
      reason,
    });

    it("the prebuilt schema is the analyzer's, byte for byte (negative control: one byte off is not)", () => {
      assert.strictEqual(prebuiltSchema, analyzed);
      assert.notStrictEqual(prebuiltSchema.replace("Cloud Map namespace name.", "Cloud Map namespace name!"), analyzed);
    });

    it("the build manifest records the provider's sources, tsconfigs and package.json files, the host and schema it wrote, and the analyzer", () => {
      const manifest = readJson<{ sources: Record<string, string>; outputs: Record<string, string>; analyzer: Record<string, string> }>(
        path.join(build.root, providerBuild.MANIFEST),
      );
      for (const f of [
        "components/package.json",
        "components/tsconfig.json",
        "components/tsconfig.build.json",
        "components/provider/package.json",
        "components/provider/tsconfig.json",
        "components/provider/components.ts",
        "components/provider/inputs.ts",
        "components/provider/host.ts",
        "components/index.ts",
        "policy/aws-rules/index.ts",
      ])
        assert.ok(f in manifest.sources, `${f} not among the sources`);
      assert.deepStrictEqual(
        Object.keys(manifest.sources).filter((f) => f.includes("node_modules") || f.startsWith("..")),
        [],
      );
      for (const f of [providerBuild.HOST_BUILD, providerBuild.SCHEMA_BUILD])
        assert.ok(f in manifest.outputs, `${f} not among the outputs`);
      assert.deepStrictEqual(manifest.analyzer, providerBuild.analyzerVersions(path.join(REPO, "components")));
    });

    it("npm install in components/ (what `pulumi package add` runs) and npm pack build it: `prepare` is the build, no `prepack` (a second build)", () => {
      const scripts = readJson<{ scripts: Record<string, string> }>(path.join(REPO, "components/package.json")).scripts;
      assert.deepStrictEqual([scripts.prepare, scripts.build, scripts.prepack], ["node build.js", "node build.js", undefined]);
    });

    it("a fresh build: the compiled host and the prebuilt schema", () => {
      const components = copy();
      const root = path.dirname(components);
      assert.deepStrictEqual(choose(components), {
        compiled: true,
        host: path.join(root, providerBuild.HOST_BUILD),
        schema: path.join(root, providerBuild.SCHEMA_BUILD),
        reason: "components/dist/build-manifest.json matches every source and output, and the installed analyzer",
      });
    });

    it("an edited source, tsconfig or package.json (the provider's or the package's), or a rule it compiles from policy/: the TypeScript source", () => {
      for (const [file, from, to] of [
        ["components/provider/inputs.ts", "Cloud Map namespace name", "Cloud Map namespace's name"],
        ["components/provider/components.ts", "Container port.", "The container port."],
        ["components/platform.ts", "export", "export "],
        ["policy/aws-rules/index.ts", "export", "export "],
        ["components/tsconfig.json", '"strict": true', '"strict": false'],
        ["components/provider/tsconfig.json", '"include"', '"files": [], "include"'],
        ["components/package.json", '"version"', '"version" '],
        ["components/provider/package.json", '"description"', '"description" '],
      ]) {
        const components = copy();
        const target = path.join(path.dirname(components), file);
        const text = fs.readFileSync(target, "utf8");
        assert.ok(text.includes(from), `${file} has no ${from}`);
        fs.writeFileSync(target, text.replace(from, to));
        assert.deepStrictEqual(choose(components), fromSource(components, `${file} changed since the build`));
        // Negative control: the byte restored, the build again.
        fs.writeFileSync(target, text);
        assert.strictEqual(choose(components).compiled, true, file);
      }
    });

    it("an edited schema or host, a TypeScript file added beside the sources, no manifest, or another analyzer: the TypeScript source", () => {
      let components = copy();
      fs.appendFileSync(path.join(path.dirname(components), providerBuild.SCHEMA_BUILD), " ");
      assert.deepStrictEqual(choose(components), fromSource(components, `${providerBuild.SCHEMA_BUILD} changed since the build`));
      components = copy();
      fs.appendFileSync(path.join(path.dirname(components), providerBuild.HOST_BUILD), "\n");
      assert.deepStrictEqual(choose(components), fromSource(components, `${providerBuild.HOST_BUILD} changed since the build`));
      components = copy();
      fs.writeFileSync(path.join(components, "provider/extra.ts"), "export {};\n");
      assert.deepStrictEqual(choose(components), fromSource(components, "components/provider/extra.ts was added since the build"));
      components = copy();
      fs.rmSync(path.join(components, "dist/build-manifest.json"));
      assert.deepStrictEqual(
        choose(components),
        fromSource(components, "components/dist/build-manifest.json is missing or unreadable (ENOENT)"),
      );
      components = copy();
      const manifestFile = path.join(components, "dist/build-manifest.json");
      const manifest = readJson<Record<string, unknown>>(manifestFile);
      fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, analyzer: { "@pulumi/pulumi": "3.0.0", typescript: "5.9.3" } }));
      assert.match(
        choose(components).reason,
        /^components\/dist\/build-manifest\.json's schema was analyzed by \{"@pulumi\/pulumi":"3\.0\.0"/,
      );
      assert.strictEqual(choose(components).compiled, false);
    });

    it(`${providerBuild.FROM_SOURCE_ENV}=1 forces the TypeScript source over a fresh build`, () => {
      assert.strictEqual(providerBuild.FROM_SOURCE_ENV, "DOCKYARD_PROVIDER_FROM_SOURCE");
      const components = copy();
      assert.deepStrictEqual(
        choose(components, { DOCKYARD_PROVIDER_FROM_SOURCE: "1" }),
        fromSource(components, "DOCKYARD_PROVIDER_FROM_SOURCE=1"),
      );
      assert.strictEqual(choose(components, { DOCKYARD_PROVIDER_FROM_SOURCE: "0" }).compiled, true);
    });
  });

  describe("the host entry (components/PulumiPlugin.yaml main) in its own process, under Pulumi's plugin runner", () => {
    const started: { child: ChildProcess; client?: ResourceProviderClient }[] = [];

    after(() => {
      for (const s of started) {
        s.client?.close();
        s.child.kill();
      }
    });

    /**
     * How the Node.js language host runs a source plugin: `run-plugin <entry> <engine>` in the plugin directory,
     * which registers ts-node with type checking and components/tsconfig.json; PulumiPlugin.yaml names the entry.
     * Preloaded with the require-graph hook (./require-graph.js) for `root`. The schema GetSchema serves, as text.
     */
    async function getSchemaFromHost(root: string, env: NodeJS.ProcessEnv, graphFile: string): Promise<string> {
      const components = path.join(root, "components");
      const entry = /^main: (.+)$/m.exec(fs.readFileSync(path.join(components, "PulumiPlugin.yaml"), "utf8"))?.[1] ?? "";
      const child = spawn(
        process.execPath,
        ["-r", path.join(__dirname, "require-graph.js"), require.resolve("@pulumi/pulumi/cmd/run-plugin"), entry, "127.0.0.1:1"],
        {
          cwd: components,
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, ...env, DOCKYARD_GRAPH_ROOT: root, DOCKYARD_GRAPH_FILE: graphFile },
        },
      );
      const host: (typeof started)[number] = { child };
      started.push(host);
      const port = await firstLinePort(child);
      const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      host.client = client;
      const response = await new Promise<GetSchemaResponse>((resolve, reject) =>
        client.getSchema(new GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res))),
      );
      return response.getSchema();
    }

    /** TypeScript files of the components or the pack (outside node_modules) that the host loaded: what ts-node compiled. */
    const typeScriptLoads = (graph: readonly Resolution[], root: string): string[] =>
      graph
        .map((r) => r.resolved ?? "")
        .filter(
          (f) =>
            f.startsWith(`${root}${path.sep}`) &&
            /\.ts$/.test(f) &&
            !f.endsWith(".d.ts") &&
            !f.includes(`${path.sep}node_modules${path.sep}`),
        )
        .map((f) => path.relative(root, f));

    it("from the package build: serves the prebuilt schema, the analyzer's byte for byte, and loads no TypeScript file (no type check, no analyzer)", async () => {
      const graphFile = path.join(scratchDir("dockyard-provider-graph-"), "graph.jsonl");
      const served = await getSchemaFromHost(build.root, {}, graphFile);
      assert.strictEqual(served, analyzed);
      const graph = readGraph(graphFile);
      assert.deepStrictEqual(typeScriptLoads(graph, build.root), []);
      assert.ok(
        graph.some((r) => r.resolved === path.join(build.root, providerBuild.HOST_BUILD)),
        "the compiled host was loaded",
      );
    });

    it("starts from the TypeScript source (type-checked by ts-node; DOCKYARD_PROVIDER_FROM_SOURCE=1) and serves the same schema over GetSchema", async () => {
      // The suite's only run-plugin launch from the source (~16 s of CPU for ts-node's type check, ~7 s for the
      // analyzer at GetSchema; scripts/launch-costs.ts): what `pulumi package add ./components` starts in a
      // checkout without a build, and whenever the build does not match. Forced, so that a components/dist left by
      // a local `npm run build` cannot make it start from the build instead.
      const graphFile = path.join(scratchDir("dockyard-provider-graph-"), "graph.jsonl");
      const served = await getSchemaFromHost(REPO, { DOCKYARD_PROVIDER_FROM_SOURCE: "1" }, graphFile);
      assert.deepStrictEqual(JSON.parse(served), schema);
      assert.strictEqual(served, analyzed);
      const loaded = typeScriptLoads(readGraph(graphFile), REPO);
      assert.ok(loaded.includes(path.join("components", "provider", "host.ts")), `host.ts not among ${loaded.join(", ")}`);
    });
  });
});

function promiseOf<T>(value: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(value).apply((v) => resolve(v as T)));
}

function firstLinePort(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const first = out.split("\n")[0].trim();
      if (out.includes("\n") && /^\d+$/.test(first)) resolve(first);
    });
    child.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
    child.on("exit", (code) => reject(new Error(`the provider host exited with ${code}:\n${err}`)));
  });
}
