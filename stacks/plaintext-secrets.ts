/**
 * Plaintext-secret detection for stack config: a thin adapter over the policy pack's detector
 * (`policy/rules/secrets.ts`), so a config refused here is exactly what the gate would fail, and vice versa.
 */
import { entropy, secretReason } from "../policy/rules/secrets";

export { entropy };

/** Why `name=value` looks like a plaintext secret, or `undefined` when it does not (the pack's defaults). */
export function plaintextSecretReason(name: string, value: string): string | undefined {
  return secretReason(name, value);
}
