/**
 * ELB security policies that negotiate TLS 1.2 or later only, with TLS 1.3 available: the "TLS13-1-2" and
 * "TLS13-1-3" families (standard, Res, Ext, FIPS and post-quantum variants). Source: AWS Elastic Load Balancing
 * documentation, "Security policies for your Application Load Balancer" and "… Network Load Balancer"
 * (docs.aws.amazon.com/elasticloadbalancing/latest/{application,network}/describe-ssl-policies.html), which
 * recommends ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09 (or its FIPS twin), and Security Hub control ELB.17's
 * list of recommended policies; as read 2026-12. The TLS13-1-0/1-1 policies are left out: they still accept
 * TLS 1.0/1.1.
 */
export const MODERN_TLS_POLICIES_AS_OF = "2026-12";

export const MODERN_TLS_POLICIES: readonly string[] = [
  // TLS 1.3 policies (2021-06)
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  // FIPS (2023-04)
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  // Hybrid post-quantum key exchange (2025-09), AWS's current recommendation
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
];
