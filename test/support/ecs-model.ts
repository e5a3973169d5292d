/**
 * Validates generated ECS inputs against AWS's own API model (aws-sdk v2's `ecs-2014-11-13.min.json` and its
 * ParamValidator), so a task definition Pulumi would send is also one the ECS API accepts in shape.
 */
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
import * as AWS from "aws-sdk/lib/core";
import Api from "aws-sdk/lib/model/api";
import ecsModel from "aws-sdk/apis/ecs-2014-11-13.min.json";

interface ParamValidatorInstance {
  validate(shape: object, params: object): void;
}
type ParamValidatorCtor = new (options: { min: boolean; max: boolean; pattern: boolean; enum: boolean }) => ParamValidatorInstance;

const api = new Api(ecsModel);
const Validator: ParamValidatorCtor = Reflect.get(AWS, "ParamValidator");

/** Throws aws-sdk's validation error when `params` is not a valid input of ECS `operation`. */
export function validateEcsInput(operation: "registerTaskDefinition" | "createService", params: object): void {
  new Validator({ min: true, max: true, pattern: true, enum: true }).validate(api.operations[operation].input, params);
}

/** Fields of `aws.ecs.TaskDefinition` inputs this converter understands. */
const KNOWN = new Set(["family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes", "requiresCompatibilities", "cpu", "memory", "runtimePlatform"]);

/**
 * Converts recorded `aws.ecs.TaskDefinition` inputs into a RegisterTaskDefinition request: `containerDefinitions`
 * JSON string → array; volumes `{ name }` → `{ name }`. Unknown fields throw, so the conversion never drops data.
 */
export function toRegisterTaskDefinition(inputs: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(inputs)) {
    if (!KNOWN.has(key)) throw new Error(`toRegisterTaskDefinition: unsupported TaskDefinition input "${key}"`);
  }
  const { containerDefinitions, volumes, ...rest } = inputs;
  if (typeof containerDefinitions !== "string") throw new Error("containerDefinitions must be a JSON string");
  const request: Record<string, unknown> = { ...rest, containerDefinitions: JSON.parse(containerDefinitions) };
  if (volumes !== undefined) {
    if (!Array.isArray(volumes)) throw new Error("volumes must be a list");
    request["volumes"] = volumes.map((v: Record<string, unknown>) => {
      const extra = Object.keys(v).filter((k) => k !== "name");
      if (extra.length > 0) throw new Error(`toRegisterTaskDefinition: unsupported volume fields ${extra.join(", ")}`);
      return { name: v["name"] };
    });
  }
  return request;
}
