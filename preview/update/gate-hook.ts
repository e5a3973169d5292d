/**
 * What `runGate` does for `--previous`: read the previous state and the update-check levels before the
 * program runs (bad input fails before anything is registered), then plan the update and add the checks'
 * findings to the policy report.
 */
import * as fs from "fs";
import * as path from "path";
import type { EnforcementLevel } from "@pulumi/policy";
import { PolicyConfigError } from "../../policy/engine/config";
import type { PolicyReport } from "../../policy/engine/types";
import type { RecordedResource } from "../capture/recorder";
import { displayPath } from "../project";
import { checkUpdatePlan, resolveUpdateLevels, updateConfigFile } from "./checks";
import { buildUpdatePlan, type UpdatePlan } from "./plan";
import { loadPrevious, type PreviousState } from "./previous";

export interface PreparedUpdate {
  previous: PreviousState;
  levels: Map<string, EnforcementLevel>;
  /** The update-check config used, if any (display path). */
  configFile?: string;
}

/**
 * @param explicitConfig `--update-config FILE`; default `policy/config/<stack>.update.json` when it exists.
 */
export function prepareUpdate(previousFile: string, stack: string, repoRoot: string, explicitConfig?: string): PreparedUpdate {
  const previous = loadPrevious(displayPath(path.resolve(previousFile)));
  const file = explicitConfig ?? updateConfigFile(repoRoot, stack);
  if (explicitConfig !== undefined && !fs.existsSync(file)) {
    throw new PolicyConfigError(
      `${explicitConfig}: cannot read the --update-config file. Fix: pass an existing file (see policy/config/prod.update.json) or leave the option out for policy/config/<stack>.update.json.`,
    );
  }
  const configFile = explicitConfig !== undefined || fs.existsSync(file) ? displayPath(path.resolve(file)) : undefined;
  return { previous, levels: resolveUpdateLevels(configFile), ...(configFile ? { configFile } : {}) };
}

/** Plans the update (`mockAccount`: the account id the mock used) and appends the update checks' findings to `report.violations`. */
export function evaluateUpdate(
  prepared: PreparedUpdate,
  recorded: RecordedResource[],
  report: PolicyReport,
  mockAccount?: string,
): UpdatePlan {
  const plan = buildUpdatePlan(recorded, prepared.previous, mockAccount);
  report.violations.push(...checkUpdatePlan(plan, prepared.levels));
  return plan;
}
