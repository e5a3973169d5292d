/**
 * The module the pulumi-nodejs dynamic provider host loads from the resource's `__provider` text
 * (`requireFromString(text).handler()`); bundled by `provider-text.ts`.
 */
import { verificationProvider, type VerificationProvider } from "./provider";

export function handler(): VerificationProvider {
  return verificationProvider();
}
