import { validateFargateServiceArgs } from "../components/validate";
import { validatePlatformArgs } from "../components/platform";
import type { FargateServiceArgs } from "../components/fargate-service-args";
const digest = "b".repeat(64);
const base: FargateServiceArgs = { environment: "dev", project: "dockyard", region: "us-east-1", accountId: "1", clusterArn: "c", clusterName: "c", vpcId: "v", privateSubnetIds: [], image: { kind: "prebuilt", uri: `1.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${digest}` } };
const lb = { listenerArn: "l", loadBalancerArn: "a", securityGroupId: "sg", baseUrl: "http://x", targetGroupName: "dev-api-8080", pathPatterns: ["/api*"], priority: 10 };
const tries: [string, () => void][] = [
  ["tg33", () => validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, targetGroupName: "x".repeat(33) } })],
  ["env", () => validateFargateServiceArgs("api", { ...base, environment: "Prod_EU" })],
  ["conds", () => validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, pathPatterns: ["/a*", "/b*", "/c*"], hostHeaders: ["a.example.com", "b.example.com", "c.example.com"] } })],
  ["wild", () => validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, pathPatterns: ["/a*b*c*", "/d*e*f*"] } })],
  ["host", () => validateFargateServiceArgs("api", { ...base, loadBalancer: { ...lb, hostHeaders: ["api.example.c0m"] } })],
  ["side", () => validateFargateServiceArgs("api", { ...base, sidecars: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, image: "x" })) })],
  ["plat", () => validatePlatformArgs("p", { environment: "internal", project: "dockyard", discoveryNamespace: "d", network: {} })],
];
for (const [k, f] of tries) { try { f(); console.log(k, "OK"); } catch (e) { console.log(k, JSON.stringify((e as Error).message)); } }
