// The CDK side of `npm run bench`: `node bench/cdk/app.js CDK_DIR N` synthesizes N
// ApplicationLoadBalancedFargateServices (sharing one VPC and cluster) with cdk-nag's AwsSolutions checks, from the
// aws-cdk-lib, constructs and cdk-nag installed in CDK_DIR (never dockyard dependencies), and prints
// { resources, stacks, nagRules, validationFailed, cpuMs } as JSON. Plain JavaScript, so nothing is transpiled in this process.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { createRequire } = require("module");

const [dir, count] = process.argv.slice(2);
const SERVICES_PER_STACK = 30;
const load = createRequire(path.join(path.resolve(dir), "bench-resolver.js"));
const cdk = load("aws-cdk-lib");
const ec2 = load("aws-cdk-lib/aws-ec2");
const ecs = load("aws-cdk-lib/aws-ecs");
const patterns = load("aws-cdk-lib/aws-ecs-patterns");
const { AwsSolutionsChecks } = load("cdk-nag");

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-cdk-bench-"));
try {
  const app = new cdk.App({ outdir });
  // CloudFormation takes at most 500 resources per stack: the services go 30 to a stack (~13 resources each),
  // beside one network stack with the VPC and cluster they share, as a CDK app of this size would be split.
  const network = new cdk.Stack(app, "Network");
  const vpc = new ec2.Vpc(network, "Vpc", { maxAzs: 2 });
  const cluster = new ecs.Cluster(network, "Cluster", { vpc });
  const stacks = [network];
  for (let i = 1; i <= Number(count); i++) {
    if ((i - 1) % SERVICES_PER_STACK === 0) stacks.push(new cdk.Stack(app, `Services${stacks.length}`));
    new patterns.ApplicationLoadBalancedFargateService(stacks[stacks.length - 1], `svc-${String(i).padStart(3, "0")}`, {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 1,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry("public.ecr.aws/nginx/nginx:1.27"), containerPort: 80 },
    });
  }
  // cdk-nag 3: a policy-validation plugin, run by synth over the synthesized templates.
  cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // A failed validation throws after the templates and the report are written: the work is done either way.
  let failed = false;
  try {
    app.synth();
  } catch (err) {
    if (!/ValidationFailed|Validation failed/.test(String(err && err.message))) throw err;
    failed = true;
  }
  const resources = stacks.reduce(
    (sum, stack) =>
      sum + Object.keys(JSON.parse(fs.readFileSync(path.join(outdir, `${stack.stackName}.template.json`), "utf8")).Resources).length,
    0,
  );
  const reportFile = path.join(outdir, "validation-report.json");
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, "utf8")) : { pluginReports: [] };
  const violations = (report.pluginReports ?? []).flatMap((r) => r.violations ?? []);
  const { user, system } = process.cpuUsage();
  process.stdout.write(
    JSON.stringify({
      resources,
      stacks: stacks.length,
      nagRules: violations.length,
      validationFailed: failed,
      cpuMs: (user + system) / 1000,
    }),
  );
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
