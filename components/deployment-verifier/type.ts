/** The verifier's type token, `pulumi-nodejs:dynamic/<module>:<type>` (the engine routes it to the Node.js dynamic provider). */
export const VERIFICATION_MODULE = "dockyard";
export const VERIFICATION_TYPE_NAME = "DeploymentVerification";
export const VERIFICATION_TYPE = `pulumi-nodejs:dynamic/${VERIFICATION_MODULE}:${VERIFICATION_TYPE_NAME}`;
