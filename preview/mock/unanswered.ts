/** Raised when a program calls a provider function the embedded AWS and the mocks file cannot answer. */
export class UnmockedInvokeError extends Error {
  /** The SDK reports a failed invoke by its gRPC `details`, so the message must be there too. */
  readonly details: string;
  /** How to supply the answer. */
  readonly fix: string;

  constructor(
    readonly token: string,
    /** Why not, when the mock knows the function but not the thing asked for (e.g. an unknown VPC id). */
    readonly reason?: string,
    readonly args: Record<string, unknown> = {},
    /** For what is not a provider function (a stack reference): the whole message and fix. @default - the invoke's */
    own?: { what: string; fix: string },
  ) {
    const what =
      own?.what ??
      (reason
        ? `the provider function "${token}" cannot be answered offline: ${reason}`
        : `the embedded AWS has no answer for the provider function "${token}"`);
    super(what);
    this.name = "UnmockedInvokeError";
    this.details = what;
    this.fix =
      own?.fix ??
      (reason
        ? "describe the existing infrastructure in a mocks file (--mocks FILE: vpcs with their subnets, or an invokes entry for this token), or run the real `pulumi preview` with credentials"
        : `answer it in a mocks file (--mocks FILE with invokes: [{ token: "${token}", args: {…}, result: {…} }]), or run the real \`pulumi preview\` with credentials`);
  }

  /** The message with the call's arguments. */
  describe(): string {
    const args = JSON.stringify(this.args);
    return `${this.message}${args && args !== "{}" ? ` (called with ${args})` : ""}`;
  }
}
