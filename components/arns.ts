/** Parsing of the ARNs and image URIs dockyard accepts (pure; used by config validation and components). */

/** Secrets Manager secret ARN, optionally with the ECS `:json-key:version-stage:version-id` suffix. */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?$/;
/** SSM parameter ARN. */
export const PARAMETER_ARN = /^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9/_.-]+$/;
/** KMS key ARN. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-f0-9-]+$/;
/** ACM certificate ARN. */
export const ACM_CERT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[a-f0-9-]+$/;
/** Private ECR image reference pinned by digest or tag: `<acct>.dkr.ecr.<region>.amazonaws.com/<repo>(@sha256:…|:tag)`. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._/-]+?)(?:@sha256:[a-f0-9]{64}|:[A-Za-z0-9_.-]+)$/;

/** Where an ECS `secrets[].valueFrom` points, reduced to the ARN IAM must allow. */
export type SecretSource = { kind: "secretsmanager"; arn: string } | { kind: "ssm"; arn: string };

/**
 * The IAM resource for a `valueFrom`: a Secrets Manager ARN without the `:json-key:stage:version` suffix; when
 * the ARN lacks AWS's random 6-character suffix, `-??????` is appended so the policy matches the real secret.
 */
export function secretSource(valueFrom: string): SecretSource {
  if (PARAMETER_ARN.test(valueFrom)) return { kind: "ssm", arn: valueFrom };
  const parts = valueFrom.split(":");
  const base = parts.slice(0, 7).join(":");
  const name = parts[6] ?? "";
  const arn = /-[A-Za-z0-9]{6}$/.test(name) ? base : `${base}-??????`;
  return { kind: "secretsmanager", arn };
}

/** The ECR repository ARN for a private ECR image URI, or `undefined` for other registries. */
export function ecrRepositoryArn(imageUri: string, partition = "aws"): string | undefined {
  const m = ECR_IMAGE.exec(imageUri);
  if (!m) return undefined;
  return `arn:${partition}:ecr:${m[2]}:${m[1]}:repository/${m[3]}`;
}

/** `true` when an image reference is pinned by digest (`…@sha256:<64 hex>`). */
export function isDigestPinned(imageUri: string): boolean {
  return /@sha256:[a-f0-9]{64}$/.test(imageUri);
}
