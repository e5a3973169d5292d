/**
 * IAM policy documents, normalised: documents arrive as JSON strings or objects, `Statement` as one object or
 * a list, `Action`/`Resource` as a string or a list. Pure functions producing human-readable findings.
 */
import { isAnyResource } from "./arn-scope";
import { field, globMatch, items, parseJsonish, strings } from "./util";

/** An IAM policy document as JSON (the provider takes it as a string; the rules parse it). */
interface PolicyDocumentJson {
  Version?: string;
  Statement?: StatementJson | StatementJson[];
}
interface StatementJson {
  Sid?: string;
  Effect?: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: "*" | IamPrincipal;
  Condition?: ConditionJson;
}
/** The principal block of a statement. */
export interface IamPrincipal {
  AWS?: string | string[];
  Service?: string | string[];
  Federated?: string | string[];
  CanonicalUser?: string | string[];
}
/** `{ <operator>: { <condition key>: value } }`. */
type ConditionJson = Record<string, Record<string, unknown>>;

export { isAnyResource };

export interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  principal: unknown;
  condition: unknown;
}

/** Statements of a document (JSON string or object); `[]` when it is not a policy document. */
export function statements(document: unknown): Statement[] {
  const doc = parseJsonish(document);
  const raw = field<PolicyDocumentJson>(doc, "Statement");
  const list = Array.isArray(raw) ? items(raw) : raw === undefined ? [] : [raw];
  return list.map((s) => {
    const sid = field<StatementJson>(s, "Sid");
    return {
      ...(typeof sid === "string" ? { sid } : {}),
      effect: String(field<StatementJson>(s, "Effect") ?? "Allow"),
      actions: strings(field<StatementJson>(s, "Action")),
      notActions: strings(field<StatementJson>(s, "NotAction")),
      resources: strings(field<StatementJson>(s, "Resource")),
      notResources: strings(field<StatementJson>(s, "NotResource")),
      principal: field<StatementJson>(s, "Principal"),
      condition: field<StatementJson>(s, "Condition"),
    };
  });
}

function label(s: Statement, i: number): string {
  return s.sid ? `statement "${s.sid}"` : `statement ${i + 1}`;
}

function matchesAction(pattern: string, action: string): boolean {
  return globMatch(pattern.toLowerCase(), action.toLowerCase()) || globMatch(action.toLowerCase(), pattern.toLowerCase());
}

/** Actions considered dangerous when not constrained to specific resources (credentials, data, privilege). */
export const RISKY_ACTIONS = [
  "iam:PassRole",
  "iam:AttachRolePolicy",
  "iam:PutRolePolicy",
  "iam:CreatePolicyVersion",
  "iam:CreateAccessKey",
  "sts:AssumeRole",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "kms:Decrypt",
  "s3:GetObject",
  "s3:PutObject",
  "dynamodb:Scan",
  "dynamodb:Query",
];

export interface DocumentRules {
  /** Actions that cannot be scoped to a resource, so `Resource: "*"` is acceptable for them. */
  unrestrictableActions: string[];
  /** Actions reported when allowed on any resource (globs match either way: `ssm:GetParameter*` ↔ `ssm:GetParameters`). */
  riskyActions: string[];
}

function hasPassedToService(condition: unknown): boolean {
  if (condition === null || typeof condition !== "object") {
    return false;
  }
  return Object.keys(condition).some((op) => {
    const block = field<ConditionJson>(condition, op);
    return block !== null && typeof block === "object" && Object.keys(block).some((k) => k.toLowerCase() === "iam:passedtoservice");
  });
}

function anyLabel(s: Statement): string {
  const broad = s.resources.find(isAnyResource);
  if (broad === undefined) {
    return `NotResource ${JSON.stringify(s.notResources)}`;
  }
  return broad === "*" ? 'Resource "*"' : `${JSON.stringify(broad)}, which matches any resource`;
}

/** Least-privilege findings for one document; each string names the statement and the fix. */
export function documentFindings(document: unknown, rules: DocumentRules): string[] {
  const findings: string[] = [];
  statements(document).forEach((s, i) => {
    if (s.effect !== "Allow") {
      return;
    }
    const where = label(s, i);
    if (s.notActions.length > 0) {
      findings.push(
        `${where} allows NotAction ${JSON.stringify(s.notActions)} (grants everything else); list the allowed actions in Action`,
      );
    }
    const wildcards = s.actions.filter((a) => a === "*" || /^[A-Za-z0-9-]+:\*$/.test(a));
    if (wildcards.length > 0) {
      findings.push(
        `${where} allows wildcard action${wildcards.length > 1 ? "s" : ""} ${wildcards.map((a) => `"${a}"`).join(", ")}; list the specific actions needed`,
      );
    }
    const anyResource = s.resources.some(isAnyResource) || s.notResources.length > 0;
    if (anyResource) {
      const scopable = s.actions.filter((a) => !rules.unrestrictableActions.some((u) => u.toLowerCase() === a.toLowerCase()));
      if (scopable.length > 0) {
        findings.push(`${where} allows ${scopable.map((a) => `"${a}"`).join(", ")} on ${anyLabel(s)}; scope Resource to the exact ARNs`);
      }
      const risky = rules.riskyActions.filter((r) => s.actions.some((a) => a !== "*" && matchesAction(a, r)));
      if (risky.length > 0) {
        findings.push(`${where} allows risky action${risky.length > 1 ? "s" : ""} ${risky.join(", ")} without a resource constraint`);
      }
    }
    const passRole = s.actions.some((a) => a !== "*" && matchesAction(a, "iam:PassRole"));
    if (passRole && !anyResource && !hasPassedToService(s.condition)) {
      findings.push(
        `${where} allows iam:PassRole without an iam:PassedToService condition; add Condition { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }`,
      );
    }
  });
  return findings;
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(.+)$/;

/** The `path/name` of an AWS-managed policy ARN (partition-agnostic), or undefined for customer policies. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED.exec(arn)?.[1];
}

/**
 * AWS-managed policies that grant administrator-level access, privilege escalation or full access to a whole
 * service's data (path/name after `:policy/`). On a role ECS tasks use they are always a finding, wherever the
 * role is defined; narrower AWS-managed policies are only advisory (iam-role-no-aws-managed-policies).
 */
export const ADMIN_MANAGED_POLICIES = [
  "AdministratorAccess",
  "PowerUserAccess",
  "IAMFullAccess",
  "AWSOrganizationsFullAccess",
  "AdministratorAccess-Amplify",
  "AdministratorAccess-AWSElasticBeanstalk",
  "job-function/SystemAdministrator",
  "job-function/NetworkAdministrator",
  "job-function/DatabaseAdministrator",
  "AWSCloudFormationFullAccess",
  "SecretsManagerReadWrite",
  "AmazonS3FullAccess",
  "AmazonDynamoDBFullAccess",
  "AWSKeyManagementServicePowerUser",
  "AWSLambda_FullAccess",
  "AmazonEC2FullAccess",
  "AmazonECS_FullAccess",
  "AmazonSSMFullAccess",
];

/** Trust-policy findings for a role ECS tasks assume: only `ecs-tasks.amazonaws.com` may assume it. */
export function trustFindings(document: unknown): string[] {
  const findings: string[] = [];
  statements(document).forEach((s, i) => {
    if (s.effect !== "Allow") {
      return;
    }
    const principal = s.principal;
    const keys = principal !== null && typeof principal === "object" ? Object.keys(principal) : [];
    const services = strings(field<IamPrincipal>(principal, "Service"));
    const only =
      keys.length === 1 && keys[0] === "Service" && services.length > 0 && services.every((v) => v === "ecs-tasks.amazonaws.com");
    if (!only) {
      findings.push(`${label(s, i)} trusts ${JSON.stringify(principal ?? null)}; trust only { Service: "ecs-tasks.amazonaws.com" }`);
    }
  });
  return findings;
}

/** True when the trust policy names `ecs-tasks.amazonaws.com` as a principal. */
export function trustsEcsTasks(document: unknown): boolean {
  return statements(document).some((s) => strings(field<IamPrincipal>(s.principal, "Service")).includes("ecs-tasks.amazonaws.com"));
}

/** Condition keys that narrow *who* may call (an organisation, account, principal, source resource or network). */
const CALLER_KEYS = new Set([
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:vpcsourceip",
  "aws:userid",
  "aws:username",
  "aws:principalservicename",
]);

/**
 * True when the Condition restricts the caller: a positive operator (not `…Not…`, not `…IfExists`, not `Null`)
 * on a caller key. `aws:SecureTransport`, `aws:RequestedRegion` and the like constrain *how*, not *who*.
 */
export function restrictsCaller(condition: unknown): boolean {
  if (condition === null || typeof condition !== "object") {
    return false;
  }
  return Object.keys(condition).some((op) => {
    const operator = op.replace(/^(ForAnyValue|ForAllValues):/, "");
    if (/Not|IfExists$|^Null$/.test(operator)) {
      return false;
    }
    const block = field<ConditionJson>(condition, op);
    return block !== null && typeof block === "object" && Object.keys(block).some((k) => CALLER_KEYS.has(k.toLowerCase()));
  });
}

/** True when every Allow statement carries an `aws:SourceAccount` or `aws:SourceArn` condition. */
export function hasSourceConditions(document: unknown): boolean {
  const allows = statements(document).filter((s) => s.effect === "Allow");
  return (
    allows.length > 0 &&
    allows.every((s) => {
      const c = s.condition;
      return (
        c !== null &&
        typeof c === "object" &&
        Object.keys(c).some((op) => {
          const block = field<ConditionJson>(c, op);
          return (
            block !== null &&
            typeof block === "object" &&
            Object.keys(block).some((k) => ["aws:sourceaccount", "aws:sourcearn"].includes(k.toLowerCase()))
          );
        })
      );
    })
  );
}
