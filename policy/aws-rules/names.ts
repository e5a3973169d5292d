/**
 * AWS's naming rules per resource type, with the documentation page each comes from. Pure: no Pulumi, no I/O.
 *
 * `source: "docs"` rules are written only in AWS's documentation (the API models carry no pattern or length for
 * them); `source: "api-model"` rules are also in botocore's `service-2.json`. The offline gate checks the
 * model rules against the full models elsewhere, so `checkResourceNames` in the policy reports only the docs
 * rules; config load checks both, because a stack name must be refused before anything is registered.
 */

/** A resource kind whose physical name AWS constrains. */
export type NameKind =
  | "loadBalancer"
  | "targetGroup"
  | "ecrRepository"
  | "taskFamily"
  | "ecsService"
  | "ecsCluster"
  | "securityGroup"
  | "iamRole"
  | "logGroup"
  | "cloudMapService";

/** One naming rule. */
export interface NameRule {
  /** What the name belongs to, for messages ("ALB name"). */
  label: string;
  min: number;
  max: number;
  /** One allowed character (used to name the characters AWS refuses). */
  chars: RegExp;
  /** Anchored pattern the whole name must match (structure beyond the character set). @default - `chars` only */
  pattern?: RegExp;
  /** Prefixes AWS refuses. @default [] */
  forbiddenPrefixes?: readonly string[];
  /** May not begin or end with a hyphen. @default false */
  noEdgeHyphen?: boolean;
  /** The allowed set, in words, for "allowed: …". */
  allowed: string;
  /** Where AWS documents it. */
  doc: string;
  source: "docs" | "api-model";
}

export const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  // "must contain only alphanumeric characters or hyphens, must not begin or end with a hyphen, and must not begin with internal-"
  loadBalancer: {
    label: "load balancer name",
    min: 1,
    max: 32,
    chars: /[A-Za-z0-9-]/,
    noEdgeHyphen: true,
    forbiddenPrefixes: ["internal-"],
    allowed: '1–32 letters, digits and hyphens, not beginning or ending with a hyphen, not beginning with "internal-"',
    doc: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
    source: "docs",
  },
  targetGroup: {
    label: "target group name",
    min: 1,
    max: 32,
    chars: /[A-Za-z0-9-]/,
    noEdgeHyphen: true,
    allowed: "1–32 letters, digits and hyphens, not beginning or ending with a hyphen",
    doc: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
    source: "docs",
  },
  // The model's pattern for RepositoryName (ecr service-2.json), anchored; also documented on the page below.
  ecrRepository: {
    label: "ECR repository name",
    min: 2,
    max: 256,
    chars: /[a-z0-9._/-]/,
    pattern: /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/,
    allowed:
      "2–256 characters: lower-case letters and digits, in `/`-separated segments, with single `.`, `_`, `__` or runs of `-` between them",
    doc: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
    source: "api-model",
  },
  taskFamily: {
    label: "task definition family",
    min: 1,
    max: 255,
    chars: /[A-Za-z0-9_-]/,
    allowed: "1–255 letters, digits, hyphens and underscores",
    doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
    source: "docs",
  },
  ecsService: {
    label: "ECS service name",
    min: 1,
    max: 255,
    chars: /[A-Za-z0-9_-]/,
    allowed: "1–255 letters, digits, hyphens and underscores",
    doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html",
    source: "docs",
  },
  ecsCluster: {
    label: "ECS cluster name",
    min: 1,
    max: 255,
    chars: /[A-Za-z0-9_-]/,
    allowed: "1–255 letters, digits, hyphens and underscores",
    doc: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html",
    source: "docs",
  },
  // VPC security groups: "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"; "Cannot start with sg-".
  securityGroup: {
    label: "security group name",
    min: 1,
    max: 255,
    chars: /[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]/,
    forbiddenPrefixes: ["sg-"],
    allowed: '1–255 of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not beginning with "sg-"',
    doc: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
    source: "docs",
  },
  iamRole: {
    label: "IAM role name",
    min: 1,
    max: 64,
    chars: /[\w+=,.@-]/,
    allowed: "1–64 letters, digits and +=,.@_-",
    doc: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html",
    source: "api-model",
  },
  // The charset and length are in the model; "can't start with aws/" is documentation only.
  logGroup: {
    label: "log group name",
    min: 1,
    max: 512,
    chars: /[._\-/#A-Za-z0-9]/,
    forbiddenPrefixes: ["aws/"],
    allowed: '1–512 letters, digits and ._-/#, not beginning with "aws/"',
    doc: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
    source: "api-model",
  },
  // A DNS label in the namespace (the model's ServiceName pattern, for one label).
  cloudMapService: {
    label: "Cloud Map service name",
    min: 1,
    max: 63,
    chars: /[A-Za-z0-9_-]/,
    noEdgeHyphen: true,
    allowed: "a DNS label: 1–63 letters, digits, hyphens and underscores, not beginning or ending with a hyphen",
    doc: "https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html",
    source: "api-model",
  },
};

/**
 * Why AWS would refuse `name` as a `kind` name, in one clause (`"Prod_EU-alb" contains "_"`), or `undefined`
 * when it is valid.
 */
export function nameProblem(kind: NameKind, name: string, options: NameCheckOptions = {}): string | undefined {
  const rule = NAME_RULES[kind];
  if (options.docsOnly === true && rule.source === "api-model") return forbiddenPrefix(rule, name);
  if (name.length < rule.min || name.length > rule.max) return `is ${name.length} characters long`;
  const bad = [...new Set([...name].filter((ch) => !rule.chars.test(ch)))];
  if (bad.length > 0) return `contains ${bad.map((c) => JSON.stringify(c)).join(", ")}`;
  if (rule.noEdgeHyphen === true && (name.startsWith("-") || name.endsWith("-"))) return "begins or ends with a hyphen";
  const prefix = forbiddenPrefix(rule, name);
  if (prefix !== undefined) return prefix;
  if (rule.pattern !== undefined && !rule.pattern.test(name)) return `does not match ${rule.pattern.source}`;
  return undefined;
}

/** How much of a rule to check. */
export interface NameCheckOptions {
  /**
   * Only what AWS's documentation adds to the API model: for `api-model` rules, only the forbidden prefixes (the
   * gate validates requests against the full models separately). @default false
   */
  docsOnly?: boolean;
}

function forbiddenPrefix(rule: NameRule, name: string): string | undefined {
  const prefix = (rule.forbiddenPrefixes ?? []).find((p) => name.startsWith(p));
  return prefix === undefined ? undefined : `begins with "${prefix}"`;
}

/** `ALB name "x" contains "_"; allowed: …; see <doc>` for a failing name, else `undefined`. */
export function describeNameProblem(kind: NameKind, name: string, options: NameCheckOptions = {}): string | undefined {
  const problem = nameProblem(kind, name, options);
  if (problem === undefined) return undefined;
  const rule = NAME_RULES[kind];
  return `${rule.label} "${name}" ${problem}; allowed: ${rule.allowed} (${rule.doc})`;
}
