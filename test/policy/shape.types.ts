// Compile-time negative controls for the pack's typed property reads (policy/rules/shape.ts): `npm run typecheck`
// fails if a misspelt property name stops being an error (each `@ts-expect-error` must still find one).
import type * as aws from "@pulumi/aws";
import { field, path } from "../../policy/rules/util";

export const typedReads = [
  field<aws.lb.ListenerArgs>({}, "protocol"),
  path<aws.ecs.TaskDefinitionArgs>({}, "ephemeralStorage", "sizeInGib"),
  path<aws.ecs.ServiceArgs>({}, "networkConfiguration", "assignPublicIp"),
  // @ts-expect-error a misspelt top-level property
  field<aws.lb.ListenerArgs>({}, "protocl"),
  // @ts-expect-error the ECS API's spelling, not the provider's (the bug this check found: `sizeInGiB`)
  path<aws.ecs.TaskDefinitionArgs>({}, "ephemeralStorage", "sizeInGiB"),
  // @ts-expect-error a property of another resource type
  path<aws.ecs.ServiceArgs>({}, "networkConfiguration", "cidrBlock"),
];
