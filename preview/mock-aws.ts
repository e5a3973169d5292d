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
import { LOOKUP_HANDLERS, LookupContext, readExisting } from "./mock/lookups";
import { RESOURCE_HANDLERS, ResourceRequest, genericAnswer } from "./mock/resources";
import { MORE_RESOURCE_HANDLERS } from "./mock/resources-more";
import { UnmockedInvokeError } from "./mock/unanswered";
import { UserMocks, findInvokeAnswer, findResourceOutputs, findStackReference } from "./mock/user-mocks";
import { World, buildWorld } from "./mock/world";

export { UnmockedInvokeError };

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
  /**
   * The user's mocks file: invoke answers, resource outputs and existing VPCs.
   * @default - the embedded AWS only
   */
  mocks?: UserMocks;
}

/** A provider function the mock could not answer (recorded even when the program catches the error). */
export interface UnansweredInvoke {
  token: string;
  inputs: Record<string, unknown>;
  error: UnmockedInvokeError;
  /** Which call of this token it was (0 = the first), to find its call site. */
  callIndex: number;
}

/** The type token of `pulumi.StackReference`: a read of another stack's outputs. */
export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export class MockAws implements pulumi.runtime.Mocks {
  /** The account, region and partition answers are built from. */
  readonly context: AwsContext;
  /** Every provider function call the mock could not answer, in call order. */
  readonly unanswered: UnansweredInvoke[] = [];
  private readonly lookup: LookupContext;
  /** The existing infrastructure lookups are answered from. */
  readonly world: World;
  private readonly mocks?: UserMocks;
  private readonly callsByToken = new Map<string, number>();
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
    this.mocks = options.mocks;
    this.world = buildWorld(this.context, options.mocks);
    this.lookup = { ...this.context, world: this.world };
    this.awsx = new AwsxAnswers(this.context);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs: Record<string, unknown> = { ...(args.inputs as Record<string, unknown>) };
    const request: ResourceRequest = { type: args.type, name: args.name, inputs, seed: `${args.type}::${args.name}` };
    if (args.type.startsWith("pulumi:providers:")) {
      return { id: hexId(request.seed, 36), state: inputs };
    }
    if (args.type === STACK_REFERENCE) return this.stackReference(typeof inputs["name"] === "string" ? inputs["name"] : args.name);
    if (args.id) {
      // `Resource.get(name, id)`: what the known world says about an existing VPC, subnet or security group.
      const existing = readExisting(this.lookup, args.type, args.id);
      if (existing) return { id: args.id, state: { ...existing, ...findResourceOutputs(this.mocks, args.type, args.name) } };
    }
    if (this.awsx.handles(args.type)) return this.awsx.answer(args.type, args.name, inputs);
    const handler = RESOURCE_HANDLERS[args.type] ?? MORE_RESOURCE_HANDLERS[args.type];
    if (!handler && args.custom === false) {
      // A local component: the engine keeps no provider state for it.
      return { id: undefined, state: {} };
    }
    const answer = handler ? handler(this.context, request) : genericAnswer(this.context, request);
    const state: Record<string, unknown> = { ...inputs, ...answer.outputs, ...findResourceOutputs(this.mocks, args.type, args.name) };
    if (inputs["tags"] !== undefined && state["tagsAll"] === undefined) state["tagsAll"] = inputs["tags"];
    for (const key of Object.keys(state)) if (state[key] === undefined) delete state[key];
    return { id: args.id || answer.id, state };
  }

  /**
   * Another stack's outputs come only from the mocks file: reading them as empty would let the program see
   * nothing and pass, so an unlisted stack is recorded as unanswered (the gate fails closed) and refused.
   */
  private stackReference(name: string): pulumi.runtime.MockResourceResult {
    const found = findStackReference(this.mocks, name);
    if (found) return { id: name, state: { name, outputs: found.outputs, secretOutputNames: found.secretOutputNames } };
    const callIndex = this.callsByToken.get(STACK_REFERENCE) ?? 0;
    this.callsByToken.set(STACK_REFERENCE, callIndex + 1);
    const error = new UnmockedInvokeError(
      STACK_REFERENCE,
      undefined,
      { name },
      {
        what: `the program reads the outputs of stack "${name}" (pulumi.StackReference), which the offline preview cannot see`,
        fix: `give them in a mocks file (--mocks FILE with stackReferences: [{ name: "${name}", outputs: { … } }]; the referenced stack's \`pulumi stack output --json\` is the outputs map), or run the real \`pulumi preview\` with credentials`,
      },
    );
    this.unanswered.push({ token: STACK_REFERENCE, inputs: { name }, error, callIndex });
    throw error;
  }

  /** The mocks file answers first (it knows the user's account), then the embedded AWS. */
  call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
    const inputs = { ...(args.inputs as Record<string, unknown>) };
    const callIndex = this.callsByToken.get(args.token) ?? 0;
    this.callsByToken.set(args.token, callIndex + 1);
    const answer = findInvokeAnswer(this.mocks, args.token, inputs);
    if (answer) return { ...answer.result };
    try {
      const lookup = LOOKUP_HANDLERS[args.token];
      if (lookup) return lookup(this.lookup, inputs, args.token);
      const handler = INVOKE_HANDLERS[args.token];
      if (!handler) throw new UnmockedInvokeError(args.token, undefined, inputs);
      return handler(this.context, inputs);
    } catch (err) {
      if (err instanceof UnmockedInvokeError) this.unanswered.push({ token: args.token, inputs, error: err, callIndex });
      throw err;
    }
  }
}
