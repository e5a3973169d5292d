import { isDigestPinned } from "./arns";
import { describeNameProblem, fargateTaskProblems, isRulePriority, ruleConditionProblems } from "./aws-rules";
import { deploymentProblems } from "./deployment/problems";
import { EXEC_NEEDS_WRITABLE_ROOT } from "./ecs-exec";
import { ComponentArgsError } from "./errors";
import { checkTaskSize } from "./fargate-size";
import { checkDeclaredAction } from "./iam";
import { SERVICE_DEFAULTS, type FargateServiceArgs } from "./fargate-service-args";
import { firstNameProblem, servicePhysicalNames } from "./naming";
import { serviceScope } from "./service-scope";

/** Checks `FargateServiceArgs` before any child exists; throws one `ComponentArgsError` (`FargateService "api": …`). */
export function validateFargateServiceArgs(name: string, args: FargateServiceArgs): void {
  const fail = (problem: string): never => {
    throw new ComponentArgsError("FargateService", name, problem);
  };
  const cpu = args.cpu ?? SERVICE_DEFAULTS.cpu;
  const memory = args.memory ?? SERVICE_DEFAULTS.memory;
  const size = checkTaskSize(cpu, memory);
  if (size !== undefined) fail(`unsupported \`cpu\`/\`memory\` pair ${cpu}/${memory}: ${size}`);
  const names = firstNameProblem(servicePhysicalNames(serviceScope(args), name));
  if (names !== undefined) fail(`the name and \`environment\` "${args.environment}" cannot form valid AWS names: ${names}. Use lower-case letters, digits and single hyphens`);
  const [taskProblem] = fargateTaskProblems({ containers: 1 + (args.sidecars ?? []).length });
  if (taskProblem !== undefined) fail(`\`sidecars\`: ${taskProblem}. Move sidecars into another service`);
  const port = args.port ?? SERVICE_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`\`port\` must be an integer from 1 to 65535; got ${port}`);
  if (args.image.kind === "prebuilt" && !isDigestPinned(args.image.uri)) {
    fail(`\`image.uri\` must be pinned by digest (…@sha256:<64 hex>); got "${args.image.uri}". Push the image and use its digest`);
  }
  if (args.enableExecuteCommand === true && args.readonlyRootFilesystem === true) {
    fail(`\`readonlyRootFilesystem\` cannot be true while \`enableExecuteCommand\` is true: ${EXEC_NEEDS_WRITABLE_ROOT}. Leave \`readonlyRootFilesystem\` unset (it then defaults to false) or set \`enableExecuteCommand: false\``);
  }
  const lb = args.loadBalancer;
  if (lb !== undefined) {
    if ((lb.pathPatterns ?? []).length === 0 && (lb.hostHeaders ?? []).length === 0) fail("`loadBalancer` needs at least one of `pathPatterns` or `hostHeaders`");
    if (!isRulePriority(lb.priority)) fail(`\`loadBalancer.priority\` must be an integer from 1 to 50000; got ${lb.priority}`);
    const tgProblem = describeNameProblem("targetGroup", lb.targetGroupName);
    if (tgProblem !== undefined) fail(`\`loadBalancer.targetGroupName\`: ${tgProblem}. Use naming.targetGroupName()`);
    const [condition] = ruleConditionProblems({ pathPatterns: lb.pathPatterns ?? [], hostHeaders: lb.hostHeaders ?? [] });
    if (condition !== undefined) {
      const where = condition.index === undefined ? "`loadBalancer` conditions" : `\`loadBalancer.${condition.field}[${condition.index}]\``;
      fail(`${where} got ${JSON.stringify(condition.value)}; allowed: ${condition.allowed}`);
    }
  }
  const [deployment] = deploymentProblems(args.deployment, { routes: lb === undefined ? undefined : { pathPatterns: lb.pathPatterns ?? [], hostHeaders: lb.hostHeaders ?? [], priority: lb.priority } });
  if (deployment !== undefined) fail(`\`deployment.${deployment.field}\` got ${JSON.stringify(deployment.value)}; allowed: ${deployment.allowed}. Fix: ${deployment.fix}`);
  const scaling = args.autoscaling;
  if (scaling !== undefined) {
    if (scaling.min > scaling.max) fail(`\`autoscaling.min\` (${scaling.min}) must not exceed \`autoscaling.max\` (${scaling.max})`);
    if (scaling.requestsPerTarget !== undefined && lb === undefined) fail("`autoscaling.requestsPerTarget` needs `loadBalancer`");
  }
  (args.taskPolicy ?? []).forEach((statement, i) => {
    for (const action of statement.actions) {
      const problem = checkDeclaredAction(action);
      if (problem !== undefined) fail(`\`taskPolicy[${i}].actions\` got "${action}": ${problem}. List the exact actions the service calls`);
    }
    for (const resource of statement.resources) {
      if (!resource.startsWith("arn:")) fail(`\`taskPolicy[${i}].resources\` got "${resource}"; allowed: exact resource ARNs (never \`*\`). List the ARNs of the resources the service uses`);
    }
  });
  const containerNames = new Set([name]);
  for (const sidecar of args.sidecars ?? []) {
    if (containerNames.has(sidecar.name)) fail(`container name "${sidecar.name}" is used twice; sidecar names must differ from each other and from the service name`);
    containerNames.add(sidecar.name);
  }
}
