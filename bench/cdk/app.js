// The CDK side of `npm run bench`: `node bench/cdk/app.js CDK_DIR N` synthesizes N
// ApplicationLoadBalancedFargateServices (one VPC and cluster) with cdk-nag's AwsSolutions checks, from the
// aws-cdk-lib, constructs and cdk-nag installed in CDK_DIR (never dockyard dependencies), and prints
// { resources, nagRules, validationFailed, cpuMs } as JSON. Plain JavaScript, so nothing is transpiled in this process.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { createRequire } = require("module");

const [dir, count] = process.argv.slice(2);
const load = createRequire(path.join(path.resolve(dir), "bench-resolver.js"));
const cdk = load("aws-cdk-lib");
const ec2 = load("aws-cdk-lib/aws-ec2");
const ecs = load("aws-cdk-lib/aws-ecs");
const patterns = load("aws-cdk-lib/aws-ecs-patterns");
const { AwsSolutionsChecks } = load("cdk-nag");

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "dockyard-cdk-bench-"));
try {
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, "Bench");
  const vpc = new ec2.Vpc(stack, "Vpc", { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, "Cluster", { vpc });
  for (let i = 1; i <= Number(count); i++) {
    new patterns.ApplicationLoadBalancedFargateService(stack, `svc-${String(i).padStart(3, "0")}`, {
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
  const template = JSON.parse(fs.readFileSync(path.join(outdir, "Bench.template.json"), "utf8"));
  const reportFile = path.join(outdir, "validation-report.json");
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, "utf8")) : { pluginReports: [] };
  const violations = (report.pluginReports ?? []).flatMap((r) => r.violations ?? []);
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ resources: Object.keys(template.Resources).length, nagRules: violations.length, validationFailed: failed, cpuMs: (user + system) / 1000 }));
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
