/**
 * The user's mocks file (`--mocks FILE`, YAML or JSON): what the embedded AWS cannot know about the user's
 * account. Four sections, all optional:
 *
 * - `invokes`: answers for provider functions, by `token`, optionally only when the call's arguments contain
 *   `args` (a subset match); the first matching entry answers.
 * - `resources`: outputs for resources the program creates, by `type` and/or `name`, merged over the embedded
 *   answer (e.g. an attribute the mock does not compute).
 * - `vpcs`: existing VPCs with their subnets (each `private`, `public` or `isolated`), route tables and
 *   security groups. The embedded AWS answers `getVpc`/`getSubnets`/`getSubnet`/`getRouteTable(s)`/
 *   `getSecurityGroup(s)` from them, and the gate derives the pack's `privateSubnetIds`/`publicSubnetIds`
 *   evidence from them (see `subnetEvidence`), so subnet privacy is stated once.
 * - `stackReferences`: the outputs of other stacks the program reads through `pulumi.StackReference`, by the
 *   stack name the program passes (`organization/project/stack`); `secretOutputNames` marks secret ones. The
 *   embedded AWS cannot read another stack's state, so without an entry the run fails closed.
 *
 * Every problem is one error naming the file, the field, the value, what is allowed and the fix.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";

type Json = Record<string, unknown>;

export type SubnetType = "private" | "public" | "isolated";

export interface ExistingRoute {
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  gatewayId?: string;
  natGatewayId?: string;
  transitGatewayId?: string;
  vpcEndpointId?: string;
  egressOnlyGatewayId?: string;
}

export interface ExistingRouteTable {
  id: string;
  /** The VPC's main route table (applies to subnets without an explicit association). */
  main: boolean;
  routes: ExistingRoute[];
  tags: Record<string, string>;
}

export interface ExistingSubnet {
  id: string;
  type: SubnetType;
  availabilityZone: string;
  cidrBlock: string;
  mapPublicIpOnLaunch: boolean;
  /** Explicitly associated route table; else the VPC's main one. */
  routeTableId?: string;
  tags: Record<string, string>;
}

export interface ExistingSecurityGroup {
  id: string;
  name: string;
  description: string;
  tags: Record<string, string>;
}

export interface ExistingVpc {
  id: string;
  cidrBlock: string;
  tags: Record<string, string>;
  subnets: ExistingSubnet[];
  routeTables: ExistingRouteTable[];
  securityGroups: ExistingSecurityGroup[];
}

export interface InvokeAnswer {
  token: string;
  args?: Json;
  result: Json;
}

export interface ResourceOutputs {
  type?: string;
  name?: string;
  outputs: Json;
}

export interface StackReferenceAnswer {
  /** The referenced stack, as the program names it. */
  name: string;
  outputs: Json;
  /** @default [] */
  secretOutputNames: string[];
}

export interface UserMocks {
  /** The file, as shown in messages. */
  source: string;
  invokes: InvokeAnswer[];
  resources: ResourceOutputs[];
  vpcs: ExistingVpc[];
  /** @default [] */
  stackReferences?: StackReferenceAnswer[];
}

/** A bad mocks file: a user error (exit 2, message only). */
export class MocksFileError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    this.name = "MocksFileError";
  }
}

const ID_PATTERNS: Record<string, RegExp> = {
  vpc: /^vpc-[0-9a-f]{8,17}$/,
  subnet: /^subnet-[0-9a-f]{8,17}$/,
  rtb: /^rtb-[0-9a-f]{8,17}$/,
  sg: /^sg-[0-9a-f]{8,17}$/,
};
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const AZ = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;
const TOKEN = /^[a-zA-Z0-9-]+:[a-zA-Z0-9/._-]*:[a-zA-Z0-9]+$/;

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value);

class Reader {
  constructor(private readonly source: string) {}

  fail(field: string, value: unknown, allowed: string, fix: string): never {
    throw new MocksFileError(`${this.source}: ${field} is ${shown(value)}; allowed: ${allowed}. Fix: ${fix}`);
  }

  map(value: unknown, field: string, keys: readonly string[]): Json {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      this.fail(field, value, "a map", `write ${field} as a map of ${keys.join(", ")}`);
    for (const key of Object.keys(value as Json)) {
      if (!keys.includes(key))
        this.fail(`${field}.${key}`, (value as Json)[key], `one of the keys ${keys.join(", ")}`, `remove or rename "${key}"`);
    }
    return value as Json;
  }

  list(value: unknown, field: string): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(field, value, "a list", `write ${field} as a YAML list (- …)`);
    return value as unknown[];
  }

  string(value: unknown, field: string, pattern?: RegExp, example?: string): string {
    if (typeof value !== "string" || (pattern && !pattern.test(value))) {
      this.fail(
        field,
        value,
        pattern ? `a string matching ${pattern.source}` : "a string",
        example ? `e.g. ${field.split(".").pop()}: ${example}` : `set ${field} to a string`,
      );
    }
    return value as string;
  }

  optionalString(value: unknown, field: string, pattern?: RegExp, example?: string): string | undefined {
    return value === undefined ? undefined : this.string(value, field, pattern, example);
  }

  boolean(value: unknown, field: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") this.fail(field, value, "true or false", `set ${field} to true or false`);
    return value as boolean;
  }

  tags(value: unknown, field: string): Record<string, string> {
    if (value === undefined) return {};
    const map =
      value !== null && typeof value === "object" && !Array.isArray(value)
        ? (value as Json)
        : this.fail(field, value, "a map of tag keys to string values", `e.g. ${field}: { Name: shared }`);
    for (const [key, tag] of Object.entries(map)) {
      if (typeof tag !== "string") this.fail(`${field}.${key}`, tag, "a string", `quote the value: ${key}: "${String(tag)}"`);
    }
    return map as Record<string, string>;
  }

  object(value: unknown, field: string, example: string): Json {
    if (value === null || typeof value !== "object" || Array.isArray(value)) this.fail(field, value, "a map", `e.g. ${example}`);
    return value as Json;
  }
}

function readRoute(r: Reader, value: unknown, field: string): ExistingRoute {
  const keys = [
    "cidrBlock",
    "ipv6CidrBlock",
    "gatewayId",
    "natGatewayId",
    "transitGatewayId",
    "vpcEndpointId",
    "egressOnlyGatewayId",
  ] as const;
  const map = r.map(value, field, keys);
  const route: ExistingRoute = {};
  for (const key of keys) {
    const text = r.optionalString(map[key], `${field}.${key}`);
    if (text !== undefined) route[key] = text;
  }
  if (!route.cidrBlock && !route.ipv6CidrBlock)
    r.fail(`${field}.cidrBlock`, undefined, "a destination CIDR (cidrBlock or ipv6CidrBlock)", `e.g. cidrBlock: 0.0.0.0/0`);
  return route;
}

function readVpc(r: Reader, value: unknown, field: string): ExistingVpc {
  const map = r.map(value, field, ["id", "cidrBlock", "tags", "subnets", "routeTables", "securityGroups"]);
  const routeTables = r.list(map["routeTables"], `${field}.routeTables`).map((t, i): ExistingRouteTable => {
    const f = `${field}.routeTables[${i}]`;
    const table = r.map(t, f, ["id", "main", "routes", "tags"]);
    return {
      id: r.string(table["id"], `${f}.id`, ID_PATTERNS.rtb, "rtb-0a1b2c3d4e5f60718"),
      main: r.boolean(table["main"], `${f}.main`, false),
      routes: r.list(table["routes"], `${f}.routes`).map((route, j) => readRoute(r, route, `${f}.routes[${j}]`)),
      tags: r.tags(table["tags"], `${f}.tags`),
    };
  });
  const subnets = r.list(map["subnets"], `${field}.subnets`).map((s, i): ExistingSubnet => {
    const f = `${field}.subnets[${i}]`;
    const subnet = r.map(s, f, ["id", "type", "availabilityZone", "cidrBlock", "mapPublicIpOnLaunch", "routeTableId", "tags"]);
    const type = subnet["type"];
    if (type !== "private" && type !== "public" && type !== "isolated") {
      r.fail(
        `${f}.type`,
        type,
        "private, public or isolated",
        "say what you verified: private (egress through NAT/endpoints only), public (route to an internet gateway) or isolated (no egress)",
      );
    }
    const routeTableId = r.optionalString(subnet["routeTableId"], `${f}.routeTableId`, ID_PATTERNS.rtb, "rtb-0a1b2c3d4e5f60718");
    if (routeTableId && !routeTables.some((t) => t.id === routeTableId)) {
      r.fail(
        `${f}.routeTableId`,
        routeTableId,
        `a route table of this VPC (${routeTables.map((t) => t.id).join(", ") || "none listed"})`,
        `list ${routeTableId} under ${field}.routeTables`,
      );
    }
    return {
      id: r.string(subnet["id"], `${f}.id`, ID_PATTERNS.subnet, "subnet-0a1b2c3d4e5f60718"),
      type,
      availabilityZone: r.string(subnet["availabilityZone"], `${f}.availabilityZone`, AZ, "us-east-1a"),
      cidrBlock: r.string(subnet["cidrBlock"], `${f}.cidrBlock`, CIDR, "10.0.1.0/24"),
      mapPublicIpOnLaunch: r.boolean(subnet["mapPublicIpOnLaunch"], `${f}.mapPublicIpOnLaunch`, false),
      ...(routeTableId ? { routeTableId } : {}),
      tags: r.tags(subnet["tags"], `${f}.tags`),
    };
  });
  const securityGroups = r.list(map["securityGroups"], `${field}.securityGroups`).map((g, i): ExistingSecurityGroup => {
    const f = `${field}.securityGroups[${i}]`;
    const group = r.map(g, f, ["id", "name", "description", "tags"]);
    return {
      id: r.string(group["id"], `${f}.id`, ID_PATTERNS.sg, "sg-0a1b2c3d4e5f60718"),
      name: r.string(group["name"], `${f}.name`),
      description: r.optionalString(group["description"], `${f}.description`) ?? "",
      tags: r.tags(group["tags"], `${f}.tags`),
    };
  });
  const vpc: ExistingVpc = {
    id: r.string(map["id"], `${field}.id`, ID_PATTERNS.vpc, "vpc-0a1b2c3d4e5f60718"),
    cidrBlock: r.string(map["cidrBlock"], `${field}.cidrBlock`, CIDR, "10.0.0.0/16"),
    tags: r.tags(map["tags"], `${field}.tags`),
    subnets,
    routeTables,
    securityGroups,
  };
  checkConsistency(r, vpc, field);
  return vpc;
}

/** A subnet declared private must not be public by its own facts: a route to an internet gateway or public IPs. */
function checkConsistency(r: Reader, vpc: ExistingVpc, field: string): void {
  if (vpc.routeTables.filter((t) => t.main).length > 1) {
    r.fail(
      `${field}.routeTables`,
      vpc.routeTables.filter((t) => t.main).map((t) => t.id),
      "at most one route table with main: true",
      "keep main: true on the VPC's main route table only",
    );
  }
  vpc.subnets.forEach((subnet, i) => {
    if (subnet.type === "public") return;
    const f = `${field}.subnets[${i}]`;
    if (subnet.mapPublicIpOnLaunch)
      r.fail(
        `${f}.mapPublicIpOnLaunch`,
        true,
        `false for a ${subnet.type} subnet`,
        `a subnet that gives tasks public IPs is public: set type: public, or mapPublicIpOnLaunch: false`,
      );
    const table = routeTableOf(vpc, subnet);
    const route = table?.routes.find(
      (rt) => (rt.cidrBlock === "0.0.0.0/0" || rt.ipv6CidrBlock === "::/0") && rt.gatewayId?.startsWith("igw-"),
    );
    if (table && route) {
      r.fail(
        `${f}.type`,
        subnet.type,
        "public (its route table sends a default route to an internet gateway)",
        `route table ${table.id} routes ${route.cidrBlock ?? route.ipv6CidrBlock} to ${route.gatewayId}: set type: public, or fix the route table facts`,
      );
    }
  });
}

/** The route table that applies to a subnet: its explicit association, else the VPC's main table. */
export function routeTableOf(vpc: ExistingVpc, subnet: ExistingSubnet): ExistingRouteTable | undefined {
  return vpc.routeTables.find((t) => t.id === subnet.routeTableId) ?? vpc.routeTables.find((t) => t.main);
}

function subsetMatches(args: unknown, actual: unknown): boolean {
  if (args === null || typeof args !== "object") return JSON.stringify(args) === JSON.stringify(actual);
  if (Array.isArray(args))
    return Array.isArray(actual) && args.length === actual.length && args.every((a, i) => subsetMatches(a, actual[i]));
  if (actual === null || typeof actual !== "object") return false;
  return Object.entries(args).every(([k, v]) => subsetMatches(v, (actual as Json)[k]));
}

/** The first `invokes` entry for `token` whose `args` are contained in the call's arguments. */
export function findInvokeAnswer(mocks: UserMocks | undefined, token: string, inputs: Json): InvokeAnswer | undefined {
  return mocks?.invokes.find((a) => a.token === token && (a.args === undefined || subsetMatches(a.args, inputs)));
}

/** Outputs for a resource from every matching `resources` entry, in file order. */
export function findResourceOutputs(mocks: UserMocks | undefined, type: string, name: string): Json | undefined {
  const matching =
    mocks?.resources.filter((r) => (r.type === undefined || r.type === type) && (r.name === undefined || r.name === name)) ?? [];
  return matching.length === 0 ? undefined : (Object.assign({}, ...matching.map((m) => m.outputs)) as Json);
}

/** Subnet privacy facts: private and isolated subnets are private, the rest public. */
export interface SubnetEvidence {
  privateSubnetIds: string[];
  publicSubnetIds: string[];
}

/** The subnet facts of a set of VPCs as the pack's evidence (`privateSubnetIds` / `publicSubnetIds`). */
export function subnetEvidence(vpcs: readonly ExistingVpc[]): SubnetEvidence {
  const subnets = vpcs.flatMap((v) => v.subnets);
  return {
    privateSubnetIds: subnets.filter((s) => s.type !== "public").map((s) => s.id),
    publicSubnetIds: subnets.filter((s) => s.type === "public").map((s) => s.id),
  };
}

/** Parses and validates mocks text (YAML is a superset of JSON, so one parser reads both). */
export function parseUserMocks(text: string, source: string): UserMocks {
  const r = new Reader(source);
  let parsed: unknown;
  try {
    parsed = YAML.parse(text);
  } catch (err) {
    const pos = err instanceof YAML.YAMLError ? err.linePos?.[0] : undefined;
    throw new MocksFileError(
      `${source}: invalid YAML/JSON${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${(err instanceof Error ? err.message : String(err)).split(" at line ")[0].split("\n")[0]}. Fix the syntax and run again.`,
    );
  }
  const top = r.map(parsed ?? {}, "(top level)", ["invokes", "resources", "vpcs", "stackReferences"]);
  const invokes = r.list(top["invokes"], "invokes").map((entry, i): InvokeAnswer => {
    const f = `invokes[${i}]`;
    const map = r.map(entry, f, ["token", "args", "result"]);
    return {
      token: r.string(map["token"], `${f}.token`, TOKEN, "aws:acm/getCertificate:getCertificate"),
      ...(map["args"] !== undefined ? { args: r.object(map["args"], `${f}.args`, "args: { domain: example.com }") } : {}),
      result: r.object(map["result"], `${f}.result`, "result: { arn: arn:aws:acm:us-east-1:123456789012:certificate/… }"),
    };
  });
  const resources = r.list(top["resources"], "resources").map((entry, i): ResourceOutputs => {
    const f = `resources[${i}]`;
    const map = r.map(entry, f, ["type", "name", "outputs"]);
    const type = r.optionalString(map["type"], `${f}.type`, TOKEN, "aws:rds/instance:Instance");
    const name = r.optionalString(map["name"], `${f}.name`);
    if (type === undefined && name === undefined)
      r.fail(f, entry, "an entry with type and/or name", "add type: <token> or name: <logical name>");
    return {
      ...(type ? { type } : {}),
      ...(name ? { name } : {}),
      outputs: r.object(map["outputs"], `${f}.outputs`, "outputs: { endpoint: db.example.internal:5432 }"),
    };
  });
  const vpcs = r.list(top["vpcs"], "vpcs").map((v, i) => readVpc(r, v, `vpcs[${i}]`));
  const stackReferences = readStackReferences(r, top["stackReferences"]);
  const seen = new Map<string, string>();
  vpcs.forEach((vpc, i) => {
    const ids: [string, string][] = [
      [vpc.id, `vpcs[${i}].id`],
      ...vpc.subnets.map((s, j): [string, string] => [s.id, `vpcs[${i}].subnets[${j}].id`]),
      ...vpc.routeTables.map((t, j): [string, string] => [t.id, `vpcs[${i}].routeTables[${j}].id`]),
    ];
    for (const [id, field] of ids) {
      const first = seen.get(id);
      if (first) r.fail(field, id, `an id not already used (${first} has it)`, "give every VPC, subnet and route table its own id");
      seen.set(id, field);
    }
  });
  return { source, invokes, resources, vpcs, stackReferences };
}

const STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;

function readStackReferences(r: Reader, value: unknown): StackReferenceAnswer[] {
  const seen = new Map<string, string>();
  return r.list(value, "stackReferences").map((entry, i): StackReferenceAnswer => {
    const f = `stackReferences[${i}]`;
    const map = r.map(entry, f, ["name", "outputs", "secretOutputNames"]);
    const name = r.string(map["name"], `${f}.name`, STACK_NAME, "organization/dockyard-platform/prod");
    const first = seen.get(name);
    if (first) r.fail(`${f}.name`, name, `a stack not already listed (${first} has it)`, "list each referenced stack once");
    seen.set(name, `${f}.name`);
    const outputs = r.object(map["outputs"], `${f}.outputs`, "outputs: { platformRef: {…}, teams: {…} }");
    const secretOutputNames = r
      .list(map["secretOutputNames"], `${f}.secretOutputNames`)
      .map((n, j) => r.string(n, `${f}.secretOutputNames[${j}]`));
    for (const n of secretOutputNames)
      if (!(n in outputs))
        r.fail(`${f}.secretOutputNames`, n, `names of outputs listed under ${f}.outputs`, `add ${n} to ${f}.outputs or remove it here`);
    return { name, outputs, secretOutputNames };
  });
}

/** The answer for a stack reference, if the mocks file has one. */
export function findStackReference(mocks: UserMocks | undefined, name: string): StackReferenceAnswer | undefined {
  return mocks?.stackReferences?.find((s) => s.name === name);
}

/** Reads `--mocks FILE`; errors name the file. */
export function loadUserMocks(file: string, shownAs: string = file): UserMocks {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new MocksFileError(
      `${shownAs}: cannot read the mocks file. Fix: pass an existing YAML or JSON file to --mocks (see README, "Offline preview": --mocks).`,
    );
  }
  return parseUserMocks(text, shownAs);
}
