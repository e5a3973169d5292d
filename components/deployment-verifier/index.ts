// Rollbacks fail the deploy: the verifier core, its messages, the dynamic provider and the FargateService child.
export * from "./outcome";
export * from "./verify";
export * from "./message";
export * from "./settings";
export {
  clientConfig,
  stackCredentials,
  verificationProvider,
  type StackCredentials,
  type VerificationInputs,
  type VerificationOutputs,
  type VerificationProvider,
} from "./provider";
export { createDeploymentVerification, DeploymentVerification } from "./resource";
export { VERIFICATION_TYPE } from "./type";
