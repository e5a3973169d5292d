/** The third-party fixture programs and their exact expected findings, shared by the CLI and pack-process specs. */
import * as path from "path";

export const RAW_PROGRAMS = path.resolve(__dirname, "..", "fixtures", "programs");

/** Exact findings (`<policy> <resource>`, sorted) per program under the dev stack's pack config. */
export const EXPECTED: Record<string, { code: number; mandatory: string[]; advisory: string[]; remediated?: string[] }> = {
  "raw-inline-sg-secure": {
    code: 0,
    mandatory: [],
    advisory: [
      "ecs-service-rolling-circuit-breaker shop",
      "security-group-no-all-protocol-egress frontend-sg",
      "security-group-no-all-protocol-egress shop-tasks",
    ],
  },
  "raw-inline-sg-insecure": {
    code: 1,
    mandatory: [
      "ecs-service-no-public-ip shop",
      "ecs-service-private-subnets-only shop",
      "ecs-task-definition-no-host-access shop-task",
      "ecs-task-definition-no-plaintext-secrets shop-task",
      "ecs-task-definition-non-root-user shop-task",
      "lb-internet-facing-allow-listed frontend",
      "security-group-ingress-restricted frontend-sg",
      "security-group-ingress-restricted shop-tasks",
    ],
    advisory: [
      "ecs-service-rolling-circuit-breaker shop",
      "lb-http-redirects-to-https frontend-debug",
      "security-group-no-all-protocol-egress frontend-sg",
      "security-group-no-all-protocol-egress shop-tasks",
    ],
  },
  "raw-sgrule-secure": { code: 0, mandatory: [], advisory: ["ecs-service-rolling-circuit-breaker orders"] },
  "raw-sgrule-insecure": {
    code: 1,
    mandatory: [
      "ecs-service-private-subnets-only orders",
      "ecs-task-definition-container-logging orders",
      "ecs-task-definition-no-plaintext-secrets orders",
      "iam-ecs-role-least-privilege orders-exec-admin",
      "iam-ecs-role-least-privilege orders-task-data",
      "security-group-ingress-restricted task-pg-world",
    ],
    advisory: [
      "ecs-service-rolling-circuit-breaker orders",
      "iam-ecs-role-trust-source-account orders-task",
      "iam-policy-least-privilege orders-task-data",
      "iam-role-no-aws-managed-policies orders-exec-admin",
    ],
  },
  "raw-vpcrule-secure": {
    code: 0,
    mandatory: [],
    advisory: [
      "ecs-service-rolling-circuit-breaker catalog",
      "iam-ecs-role-trust-source-account catalog-app",
      "iam-ecs-role-trust-source-account catalog-exec",
      "security-group-no-all-protocol-egress catalog-all-traffic-ipv4",
      "security-group-no-all-protocol-egress web-all-traffic-ipv4",
    ],
  },
  "raw-vpcrule-insecure": {
    code: 1,
    mandatory: [
      "ecr-no-public-repository catalog-org-pull",
      "ecs-task-definition-no-plaintext-secrets catalog",
      "ecs-task-definition-non-root-user catalog",
      "lb-https-modern-tls web-443",
      "lb-target-group-ip-with-health-check catalog",
      "security-group-ingress-restricted web-all-ipv6",
      "security-group-no-all-protocol-rules web-all-ipv6",
    ],
    remediated: ["ecr-immutable-tags catalog"],
    advisory: [
      "ecs-service-rolling-circuit-breaker catalog",
      "iam-ecs-role-trust-source-account catalog-app",
      "iam-ecs-role-trust-source-account catalog-exec",
      "security-group-no-all-protocol-egress catalog-all-traffic-ipv4",
      "security-group-no-all-protocol-egress web-all-traffic-ipv4",
    ],
  },
};
