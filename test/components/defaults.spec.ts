/**
 * One defaults table: the `@default` tags readers see on the args state the values the components apply
 * (`components/defaults.ts`). Each row names an arg's doc comment and the table entry it must repeat.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PLATFORM_DEFAULTS as P, SERVICE_DEFAULTS as S } from "../../components/defaults";

const read = (file: string) => fs.readFileSync(path.resolve(__dirname, "../../components", file), "utf8");

/** The `@default` literal of property `prop` (first declaration after `after`, when given) in `source`. */
function documentedDefault(source: string, prop: string, after = ""): string | undefined {
  const start = after === "" ? 0 : source.indexOf(after);
  const re = new RegExp(`@default ([^*\\n]+?)\\s*\\*/\\s*(?:readonly )?${prop}\\?:`, "g");
  re.lastIndex = Math.max(start, 0);
  const m = re.exec(source);
  return m?.[1];
}

const SERVICE: [string, unknown, string?][] = [
  ["architecture", S.architecture],
  ["cpu", S.cpu],
  ["memory", S.memory],
  ["port", S.port],
  ["desiredCount", S.desiredCount],
  ["dockerfile", S.dockerfile, "interface BuildImage"],
  ["stopTimeoutSeconds", S.stopTimeoutSeconds],
  ["enableExecuteCommand", S.enableExecuteCommand],
  ["deregistrationDelaySeconds", S.deregistrationDelaySeconds],
  ["healthCheckGracePeriodSeconds", S.healthCheckGracePeriodSeconds],
  ["logRetentionDays", S.logRetentionDays],
  ["keepTaggedImages", S.keepTaggedImages],
  ["forceDeleteRepository", S.forceDeleteRepository],
  ["protect", S.protect],
  ["cpuTargetPercent", S.cpuTargetPercent, "interface ServiceAutoscalingArgs"],
  ["memoryTargetPercent", S.memoryTargetPercent, "interface ServiceAutoscalingArgs"],
  ["path", S.healthCheckPath, "interface ServiceHealthCheckArgs"],
  ["intervalSeconds", S.healthCheckIntervalSeconds, "interface ServiceHealthCheckArgs"],
  ["timeoutSeconds", S.healthCheckTimeoutSeconds, "interface ServiceHealthCheckArgs"],
  ["healthyThreshold", S.healthyThreshold, "interface ServiceHealthCheckArgs"],
  ["unhealthyThreshold", S.unhealthyThreshold, "interface ServiceHealthCheckArgs"],
  ["matcher", S.healthCheckMatcher, "interface ServiceHealthCheckArgs"],
  ["intervalSeconds", S.containerHealthCheck.intervalSeconds, "interface ContainerHealthCheckArgs"],
  ["timeoutSeconds", S.containerHealthCheck.timeoutSeconds, "interface ContainerHealthCheckArgs"],
  ["retries", S.containerHealthCheck.retries, "interface ContainerHealthCheckArgs"],
  ["startPeriodSeconds", S.containerHealthCheck.startPeriodSeconds, "interface ContainerHealthCheckArgs"],
  ["essential", S.sidecar.essential, "interface SidecarArgs"],
  ["readonlyRootFilesystem", S.sidecar.readonlyRootFilesystem, "interface SidecarArgs"],
];
const PLATFORM: [string, unknown, string?][] = [
  ["availabilityZones", P.network.availabilityZones],
  ["natGateways", P.network.natGateways],
  ["cidrBlock", P.network.cidrBlock],
  ["vpcEndpoints", P.network.vpcEndpoints],
  ["containerInsights", P.cluster.containerInsights],
  ["deletionProtection", P.loadBalancer.deletionProtection],
  ["idleTimeoutSeconds", P.loadBalancer.idleTimeoutSeconds],
  ["base", P.capacityProvider.base],
  ["weight", P.capacityProvider.weight],
  ["prefix", P.loadBalancer.accessLogsPrefix],
];

const CONNECT: [string, unknown, string?][] = [["accessLogFormat", S.serviceConnect.accessLogFormat, "interface ServiceConnectArgs"]];

describe("one defaults table: @default tags repeat components/defaults.ts", () => {
  for (const [file, rows] of [
    ["fargate-service-args.ts", SERVICE],
    ["platform-args.ts", PLATFORM],
    ["service-connect.ts", CONNECT],
  ] as const) {
    for (const [prop, value, where] of rows) {
      const after = where ?? (file === "fargate-service-args.ts" ? "interface FargateServiceArgs" : undefined);
      it(`${file} ${after === undefined ? "" : `${after.replace("interface ", "")}.`}${prop}: @default ${JSON.stringify(value)}`, () => {
        assert.equal(documentedDefault(read(file), prop, after ?? ""), JSON.stringify(value));
      });
    }
  }

  it("a tag that disagrees with the table is found (negative control)", () => {
    const edited = read("fargate-service-args.ts").replace("Container port. @default 8080", "Container port. @default 80");
    assert.equal(documentedDefault(edited, "port", "interface FargateServiceArgs"), "80");
  });
});
