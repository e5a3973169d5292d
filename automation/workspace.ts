/**
 * Selecting (or creating) the stack in a `LocalWorkspace`, for the project directory's program or for the
 * dockyard program run inline in this process.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as auto from "@pulumi/pulumi/automation";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { InvalidInputError, PulumiCliVersionError } from "./errors";
import { PROJECT_NAMESPACE, REPO_ROOT, type Operation } from "./options";

/** What `selectStack` needs to know about a run. */
export interface WorkspaceRequest {
  stack: string;
  /** @default "local" */
  program?: "local" | "inline";
  /** @default - the repository root */
  workDir?: string;
  /** @default - none */
  envVars?: Readonly<Record<string, string>>;
  /** @default - `dockyardProgram` */
  inlineProgram?: PulumiFn;
}

/** The program's own user error (a `pulumi.RunError`), kept when an inline run throws one. */
export interface ProgramErrorSink {
  error?: pulumi.RunError;
}

/**
 * The directory the CLI runs in. The dockyard program's Docker build contexts (`services/<name>`) are
 * relative to the repository root, and the providers resolve them against the CLI's project directory, so an
 * inline dockyard run must use the repository root; another directory is refused rather than building the
 * wrong (or no) context. A caller's own inline program may use any directory.
 */
export function resolveWorkDir(request: Pick<WorkspaceRequest, "program" | "workDir" | "inlineProgram">): string {
  const workDir = path.resolve(request.workDir ?? REPO_ROOT);
  if (request.program === "inline" && !request.inlineProgram && workDir !== REPO_ROOT) {
    throw new InvalidInputError(
      `workDir ${JSON.stringify(request.workDir)} cannot run the dockyard program inline: its build contexts are ` +
        `relative to the repository root ${REPO_ROOT}. Omit workDir (or pass the repository root), or use ` +
        '`program: "local"` to run the project in that directory.',
    );
  }
  return workDir;
}

/** preview/up create a missing stack (like `pulumi up` offering to); refresh/destroy must find it. */
export async function selectStack(op: Operation, request: WorkspaceRequest, programErrors: ProgramErrorSink): Promise<Stack> {
  const workDir = resolveWorkDir(request);
  const wsOptions: auto.LocalWorkspaceOptions = { workDir, envVars: { ...request.envVars } };
  const create = op === "preview" || op === "up";
  if ((request.program ?? "local") === "local") {
    const args: auto.LocalProgramArgs = { stackName: request.stack, workDir };
    return create ? auto.LocalWorkspace.createOrSelectStack(args, wsOptions) : auto.LocalWorkspace.selectStack(args, wsOptions);
  }
  const program = keepUserErrors(request.inlineProgram ?? (await loadDockyardProgram()), programErrors);
  const args: auto.InlineProgramArgs = { stackName: request.stack, projectName: PROJECT_NAMESPACE, program };
  const stack = await (create
    ? auto.LocalWorkspace.createOrSelectStack(args, wsOptions)
    : auto.LocalWorkspace.selectStack(args, wsOptions));
  if (op === "refresh" || op === "destroy") checkInlineSupport(op, stack.workspace.pulumiVersion);
  return stack;
}

/**
 * Inline, the program runs in this process but its exception reaches us only as CLI text. Keeping a thrown
 * `RunError` (ConfigError, ComponentArgsError) lets the caller get the error itself, as contract 2 asks.
 */
export function keepUserErrors(program: PulumiFn, sink: ProgramErrorSink): PulumiFn {
  return async () => {
    try {
      return await program();
    } catch (err) {
      if (pulumi.RunError.isInstance(err)) sink.error = err;
      throw err;
    }
  };
}

/** Inline refresh/destroy need CLI >= 3.181.0 (the pulumi language host protocol they use). */
export const INLINE_REFRESH_DESTROY_MIN_CLI = [3, 181, 0] as const;

/**
 * The SDK checks this too, but only after opening its event server, which it then never closes (the
 * process would not exit); checking first avoids that.
 */
export function checkInlineSupport(op: Operation, version: string): void {
  const parts = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) return;
  const [min, cur] = [INLINE_REFRESH_DESTROY_MIN_CLI, parts];
  const older = cur[0] !== min[0] ? cur[0] < min[0] : cur[1] !== min[1] ? cur[1] < min[1] : cur[2] < min[2];
  if (older) throw new PulumiCliVersionError(`${op} with inline programs requires Pulumi version >= ${min.join(".")}.`);
}

/** Loaded lazily: local mode and tooling that never runs inline should not pay for loading the whole program. */
async function loadDockyardProgram(): Promise<PulumiFn> {
  const { dockyardProgram } = await import("../stacks/program");
  return async () => dockyardProgram();
}
