/**
 * The committed `Pulumi.prod.yaml` carries AWS's documentation account (123456789012) in its certificate ARN, a
 * placeholder the config refuses (so a real prod never runs with it). Tests of prod's shape supply this stand-in
 * explicitly, as CI does with `--config` — never by committing it to the stack file.
 */
import { applyConfigSetting } from "../../preview/config-override";
import { loadProject } from "../../preview/project";
import { ROOT } from "./run-program";

/** A well-formed ACM ARN in prod's region, in no placeholder account. */
export const STAND_IN_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:210987654321:certificate/5d3c6a1e-8f2b-4c07-9a64-1b2e3f405162";
/** The path `--config` and `pulumi config set --path` use for it. */
export const CERTIFICATE_KEY = "dockyard:loadBalancer.certificateArn";

/** prod's config as the CLI passes it, with the stand-in certificate. */
export function prodConfigWithCertificate(): Record<string, string> {
  return applyConfigSetting(loadProject(ROOT, "prod").config, CERTIFICATE_KEY, STAND_IN_CERTIFICATE_ARN);
}

/** prod's `dockyard:loadBalancer` override for `runProgram("prod", …)`. */
export function prodCertificateOverride(): Record<string, string> {
  return { "dockyard:loadBalancer": prodConfigWithCertificate()["dockyard:loadBalancer"] };
}
