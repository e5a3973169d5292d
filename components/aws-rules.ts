/**
 * The components' one door to AWS's rules, which the policy pack owns (`policy/aws-rules`, exported by the pack's
 * package as `dockyard-guard/aws-rules`): the pack is the enforcement point, so the rules live there and the
 * dependency runs one way, components → pack. The package build compiles them into `dist/policy/aws-rules`.
 */
export * from "../policy/aws-rules";
