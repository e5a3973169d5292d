/**
 * An embedded mock AWS for `pulumi.runtime.setMocks`: answers resource registrations and invokes the way
 * AWS and the provider would in shape (ids and ARNs carrying the stack's region and a fixed account, ECR
 * URLs, ALB DNS names, image digests, awsx VPC outputs, policy documents as real JSON), deterministically.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsxAnswers } from "./capture/awsx";
import { AwsContext, dnsSuffixFor } from "./mock/context";
import { hexId } from "./mock/ids";
import { INVOKE_HANDLERS } from "./mock/invokes";
import { RESOURCE_HANDLERS, ResourceRequest, genericAnswer } from "./mock/resources";

/** The account every mocked ARN carries unless another is given. */
export const DEFAULT_ACCOUNT_ID = "123456789012";

export interface MockAwsOptions {
  /** Region the stack deploys to (`aws:region`); appears in ARNs, hostnames and zone names. */
  region: string;
  /**
   * AWS account id in ARNs, ECR URLs and caller identity.
   * @default "123456789012"
   */
  accountId?: string;
  /**
   * AWS partition in ARNs.
   * @default "aws"
   */
  partition?: string;
}

/** Raised when a program calls a provider function the mock has no answer for. */
export class UnmockedInvokeError extends Error {
  /** The SDK reports a failed invoke by its gRPC `details`, so the message must be there too. */
  readonly details: string;

  constructor(token: string) {
    super(
      `the offline preview has no mock answer for the provider function "${token}"; ` +
        `add one to INVOKE_HANDLERS in preview/mock/invokes.ts, or run the real \`pulumi preview\` with credentials`,
    );
    this.name = "UnmockedInvokeError";
    this.details = this.message;
  }
}

export class MockAws implements pulumi.runtime.Mocks {
  /** The account, region and partition answers are built from. */
  readonly context: AwsContext;
  /** awsx 3 components: the outputs awsx would report, from the children it would create. */
  private readonly awsx: AwsxAnswers;

  constructor(options: MockAwsOptions) {
    const partition = options.partition ?? "aws";
    this.context = {
      region: options.region,
      accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
      partition,
      dnsSuffix: dnsSuffixFor(partition),
    };
    this.awsx = new AwsxAnswers(this.context);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
    const request: ResourceRequest = { type: args.type, name: args.name, inputs, seed: `${args.type}::${args.name}` };
    if (args.type.startsWith("pulumi:providers:")) {
      return { id: hexId(request.seed, 36), state: inputs };
    }
    if (this.awsx.handles(args.type)) return this.awsx.answer(args.type, args.name, inputs);
    const handler = RESOURCE_HANDLERS[args.type];
    if (!handler && args.custom === false) {
      // A local component: the engine keeps no provider state for it.
      return { id: undefined, state: {} };
    }
    const answer = handler ? handler(this.context, request) : genericAnswer(this.context, request);
    const state: Record<string, unknown> = { ...inputs, ...answer.outputs };
    if (inputs["tags"] !== undefined && state["tagsAll"] === undefined) state["tagsAll"] = inputs["tags"];
    for (const key of Object.keys(state)) if (state[key] === undefined) delete state[key];
    return { id: args.id || answer.id, state };
  }

  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const handler = INVOKE_HANDLERS[args.token];
    if (!handler) throw new UnmockedInvokeError(args.token);
    return handler(this.context, { ...(args.inputs as Record<string, unknown>) });
  }
}
