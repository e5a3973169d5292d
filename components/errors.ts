import * as pulumi from "@pulumi/pulumi";
import { argLabel, describeProblem, type Problem } from "./problems";

/**
 * Invalid arguments passed to a dockyard component (`FargateService "api": ...`). Also a `pulumi.RunError`.
 */
export class ComponentArgsError extends pulumi.RunError {
  /** The problems found, first one in the message. @default - [] (a problem given as text) */
  readonly problems: readonly Problem[];

  constructor(component: string, name: string, problem: string, problems: readonly Problem[] = []) {
    super(`${component} "${name}": ${problem}`);
    this.name = "ComponentArgsError";
    this.problems = problems;
  }

  /**
   * The error for the first of `problems` (`FargateService "api": \`cpu\` got 300; allowed: …. Fix: …`); a
   * problem of another service of a set is reported under that service's name.
   */
  static of(component: string, name: string, problems: readonly Problem[]): ComponentArgsError {
    const [first] = problems;
    const owner = first.service ?? name;
    return new ComponentArgsError(component, owner, describeProblem(first, argLabel(owner), owner), problems);
  }
}

/** Throws the first of `problems` as a `ComponentArgsError`; returns when there are none. */
export function throwProblems(component: string, name: string, problems: readonly Problem[]): void {
  if (problems.length > 0) throw ComponentArgsError.of(component, name, problems);
}
