/** Module and type of the verifier's token. */
export const VERIFICATION_MODULE = "dockyard";
export const VERIFICATION_TYPE_NAME = "DeploymentVerification";
/** The verifier's type token, `pulumi-nodejs:dynamic/dockyard:DeploymentVerification` (routed to the Node.js dynamic provider). */
export const VERIFICATION_TYPE = `pulumi-nodejs:dynamic/${VERIFICATION_MODULE}:${VERIFICATION_TYPE_NAME}`;
