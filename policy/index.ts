/**
 * The CrossGuard pack entry point (`pulumi preview --policy-pack policy`). Only builds the pack: constructing
 * `PolicyPack` starts the analyzer's gRPC server, so nothing else (tests included) may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, { policies: allPolicies, enforcementLevel: "advisory" });
