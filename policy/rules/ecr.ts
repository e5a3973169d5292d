/** ECR: scanned, immutable, pruned, private repositories. */
import type * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ECR_LIFECYCLE_POLICY, ECR_PUBLIC_REPOSITORY, ECR_REPOSITORY, ECR_REPOSITORY_POLICY } from "./tokens";
import { securityHub } from "./controls";
import { restrictsCaller, statements, type IamPrincipal } from "./iam-document";
import { eachDeferringUnknowns, field, ofTypes, path, rawObject, rawProps, refersTo, requireType } from "./util";

export const ecrScanOnPush: ResourceValidationPolicy = {
  name: "ecr-scan-on-push",
  description: "ECR repositories must scan images on push.",
  severity: "medium",
  enforcementLevel: "remediate",
  ...securityHub("ECR.1"),
  remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true } on the repository.",
  validateResource: (args, reportViolation) => {
    requireType(args, ECR_REPOSITORY);
    if (path<aws.ecr.RepositoryArgs>(args.props, "imageScanningConfiguration", "scanOnPush") !== true) {
      reportViolation("imageScanningConfiguration.scanOnPush is not true; set imageScanningConfiguration: { scanOnPush: true }.");
    }
  },
  remediateResource: (args) => {
    requireType(args, ECR_REPOSITORY);
    const props = rawProps(args);
    const scanning = rawObject(props.imageScanningConfiguration);
    if (scanning.scanOnPush === true) {
      return undefined;
    }
    return { ...props, imageScanningConfiguration: { ...scanning, scanOnPush: true } };
  },
};

const IMMUTABLE = new Set(["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]);

/**
 * Remediated: immutability cannot stop a running service (a re-pushed tag fails loudly at push time, and
 * deploying by digest or unique tag is what ECR.2 asks for).
 */
export const ecrImmutableTags: ResourceValidationPolicy = {
  name: "ecr-immutable-tags",
  description: "ECR repositories must have immutable image tags.",
  severity: "medium",
  enforcementLevel: "remediate",
  ...securityHub("ECR.2"),
  remediationSteps:
    'Set imageTagMutability: "IMMUTABLE" and push every build under a unique tag (a commit SHA) or deploy by digest; re-pushing a tag such as latest then fails, by design.',
  validateResource: (args, reportViolation) => {
    requireType(args, ECR_REPOSITORY);
    const mutability = field<aws.ecr.RepositoryArgs>(args.props, "imageTagMutability");
    if (typeof mutability !== "string" || !IMMUTABLE.has(mutability)) {
      reportViolation(
        `imageTagMutability is ${mutability === undefined ? "not set (AWS defaults to MUTABLE)" : `"${String(mutability)}"`}; set imageTagMutability: "IMMUTABLE".`,
      );
    }
  },
  remediateResource: (args) => {
    requireType(args, ECR_REPOSITORY);
    const props = rawProps(args);
    if (typeof props.imageTagMutability === "string" && IMMUTABLE.has(props.imageTagMutability)) {
      return undefined;
    }
    return { ...props, imageTagMutability: "IMMUTABLE" };
  },
};

export const ecrRepositoryLifecyclePolicy: StackValidationPolicy = {
  name: "ecr-repository-lifecycle-policy",
  description: "Every ECR repository in the stack must have a lifecycle policy.",
  severity: "low",
  enforcementLevel: "advisory",
  ...securityHub("ECR.3"),
  remediationSteps:
    "Add an aws.ecr.LifecyclePolicy for the repository (e.g. expire untagged images after 7 days, keep the last 20 tagged).",
  validateStack: (args, reportViolation) => {
    const policies = ofTypes(args, ECR_LIFECYCLE_POLICY);
    eachDeferringUnknowns(ofTypes(args, ECR_REPOSITORY), (repo) => {
      if (!policies.some((p) => refersTo(p, "repository", repo))) {
        reportViolation(`repository ${repo.name} has no aws.ecr.LifecyclePolicy; add one that expires untagged and old images.`, repo.urn);
      }
    });
  },
};

function isPublicPrincipal(principal: unknown): boolean {
  if (principal === "*") {
    return true;
  }
  return (["AWS", "Service", "Federated", "CanonicalUser"] as const).some((k) => {
    const v = field<IamPrincipal>(principal, k);
    return v === "*" || (Array.isArray(v) && v.includes("*"));
  });
}

export const ecrNoPublicRepository: ResourceValidationPolicy = {
  name: "ecr-no-public-repository",
  description:
    'ECR repositories must not be public (no ECR Public repositories, no policy granting "*" without a condition that restricts the caller).',
  severity: "critical",
  enforcementLevel: "mandatory",
  ...securityHub(),
  remediationSteps:
    "Grant pulls to specific account or role ARNs (or add an aws:PrincipalOrgID condition); publish public images outside this stack.",
  validateResource: (args, reportViolation) => {
    requireType(args, new Set([...ECR_REPOSITORY_POLICY, ...ECR_PUBLIC_REPOSITORY]));
    if (ECR_PUBLIC_REPOSITORY.has(args.type)) {
      reportViolation("this is an ECR Public repository; use a private aws.ecr.Repository.");
      return;
    }
    const open = statements(field<aws.ecr.RepositoryPolicyArgs>(args.props, "policy")).filter(
      (s) => s.effect === "Allow" && isPublicPrincipal(s.principal) && !restrictsCaller(s.condition),
    );
    if (open.length > 0) {
      reportViolation(
        `the repository policy allows ${open.map((s) => s.actions.join(",")).join("; ")} to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.`,
      );
    }
  },
};

export const ecrPolicies = [ecrScanOnPush, ecrImmutableTags, ecrRepositoryLifecyclePolicy, ecrNoPublicRepository];
