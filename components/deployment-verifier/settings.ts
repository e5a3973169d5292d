/** The `deploymentVerification` arg of a FargateService: defaults and validation (before any resource exists). */
import { ComponentArgsError } from "../errors";

/** `FargateServiceArgs.deploymentVerification`: the verifier's timing, or `false` to turn it off. */
export type DeploymentVerificationArgs =
  | false
  | {
      /**
       * Give up (and fail the deploy) when the deployment is still in progress after this long. It must cover the
       * strategy's own shifting and bake time (canary/linear/blue-green), which ECS waits out before COMPLETED.
       * @default - 600 plus the strategy's shifting and bake time (prod's canary: 600 + 600)
       */
      timeoutSeconds?: number;
      /** Seconds between two DescribeServices calls. @default 5 */
      pollIntervalSeconds?: number;
    };

export interface VerificationSettings {
  timeoutSeconds: number;
  pollIntervalSeconds: number;
}

/** Default timing of the deployment verifier (600 s timeout, 5 s poll), mirrored by the `@default` tags above. */
export const VERIFICATION_DEFAULTS: VerificationSettings = { timeoutSeconds: 600, pollIntervalSeconds: 5 };

const LIMITS = { timeoutSeconds: [1, 21600], pollIntervalSeconds: [1, 300] } as const;

/** Resolved settings, or `undefined` when turned off; a bad value is a ComponentArgsError naming the field. */
export function resolveVerification(
  name: string,
  value: DeploymentVerificationArgs | undefined,
  strategySeconds = 0,
): VerificationSettings | undefined {
  if (value === false) return undefined;
  const settings = {
    timeoutSeconds: value?.timeoutSeconds ?? Math.min(VERIFICATION_DEFAULTS.timeoutSeconds + strategySeconds, LIMITS.timeoutSeconds[1]),
    pollIntervalSeconds: value?.pollIntervalSeconds ?? VERIFICATION_DEFAULTS.pollIntervalSeconds,
  };
  for (const key of ["timeoutSeconds", "pollIntervalSeconds"] as const) {
    const v = settings[key];
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new ComponentArgsError(
        "FargateService",
        name,
        `deploymentVerification.${key} got ${JSON.stringify(v)}; allowed: an integer from ${min} to ${max}. Fix: set it in that range, or deploymentVerification: false to turn verification off.`,
      );
    }
  }
  // A timeout inside the strategy's own bake time would fail every healthy deployment.
  if (settings.timeoutSeconds <= strategySeconds) {
    throw new ComponentArgsError(
      "FargateService",
      name,
      `deploymentVerification.timeoutSeconds got ${settings.timeoutSeconds}; allowed: more than the ${strategySeconds} s the deployment strategy itself shifts and bakes before ECS reports COMPLETED. Fix: raise it (the default adds 600 s to that time), or shorten the strategy's bake times.`,
    );
  }
  if (settings.pollIntervalSeconds > settings.timeoutSeconds) {
    throw new ComponentArgsError(
      "FargateService",
      name,
      `deploymentVerification.pollIntervalSeconds (${settings.pollIntervalSeconds}) is longer than timeoutSeconds (${settings.timeoutSeconds}). Fix: poll more often than the timeout.`,
    );
  }
  return settings;
}
