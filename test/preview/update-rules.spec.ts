/**
 * Replacement semantics of the update preview: the committed CloudFormation data, the Pulumi → CloudFormation
 * mapping table, and every place the provider is recorded to differ from CloudFormation.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { docForcesNew } from "../../preview/update/regenerate-replacement-data";
import { REPLACEMENT_DATA, replaceRuleFor, rulesFor } from "../../preview/update/replace-rules";
import { TYPE_MAP, declarationFile } from "../../preview/update/type-map";

const PULUMI_AWS = path.dirname(require.resolve("@pulumi/aws/package.json"));
const replaceOnly = (type: string): string[] => rulesFor(type).replaceOnly.map((r) => r.property);

describe("update preview: replacement semantics", () => {
  it("the data file names its source, version and licence", () => {
    assert.deepStrictEqual(REPLACEMENT_DATA.sources["cloudFormation"], {
      package: "@aws-cdk/aws-service-spec",
      version: "0.1.216",
      licence: "Apache-2.0",
      field: "properties.*.causesReplacement",
    });
    assert.match(REPLACEMENT_DATA.generated, /^\d{4}-\d{2}-\d{2}$/);
    assert.strictEqual(
      REPLACEMENT_DATA.sources["providerDocs"].version,
      JSON.parse(fs.readFileSync(path.join(PULUMI_AWS, "package.json"), "utf8")).version,
    );
  });

  it("every mapped CloudFormation property exists in the spec, and every type has its @pulumi/aws declaration", () => {
    const missing: string[] = [];
    for (const [type, mapping] of Object.entries(TYPE_MAP)) {
      assert.ok(fs.existsSync(path.join(PULUMI_AWS, declarationFile(type) ?? "-")), `${type}: no declaration file`);
      if (!mapping.cfnType) continue;
      const spec = REPLACEMENT_DATA.cloudFormation[mapping.cfnType];
      assert.ok(spec, `${mapping.cfnType} is not in replacement-data.json`);
      for (const [prop, cfn] of Object.entries(mapping.properties))
        if (!spec.properties.includes(cfn)) missing.push(`${type}.${prop} → ${mapping.cfnType}.${cfn}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it("covers the types the brief lists, under both aws:lb and aws:alb tokens", () => {
    for (const kind of ["loadBalancer:LoadBalancer", "targetGroup:TargetGroup", "listener:Listener", "listenerRule:ListenerRule"]) {
      assert.deepStrictEqual(rulesFor(`aws:alb/${kind}`), rulesFor(`aws:lb/${kind}`));
      assert.ok(rulesFor(`aws:lb/${kind}`).known);
    }
    assert.strictEqual(rulesFor("aws:s3/bucket:Bucket").known, false);
  });

  it("replace-only properties per type (CloudFormation spec + provider differences)", () => {
    assert.deepStrictEqual(
      Object.fromEntries(
        [
          "aws:ecs/cluster:Cluster",
          "aws:ecs/service:Service",
          "aws:lb/loadBalancer:LoadBalancer",
          "aws:lb/targetGroup:TargetGroup",
          "aws:lb/listener:Listener",
          "aws:lb/listenerRule:ListenerRule",
          "aws:ecr/repository:Repository",
          "aws:ecr/lifecyclePolicy:LifecyclePolicy",
          "aws:iam/role:Role",
          "aws:iam/rolePolicy:RolePolicy",
          "aws:cloudwatch/logGroup:LogGroup",
          "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
          "aws:servicediscovery/service:Service",
          "aws:ec2/securityGroup:SecurityGroup",
          "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
          "aws:appautoscaling/target:Target",
          "aws:appautoscaling/policy:Policy",
          "aws:ec2/vpcEndpoint:VpcEndpoint",
        ].map((t) => [t, replaceOnly(t)]),
      ),
      {
        "aws:ecs/cluster:Cluster": ["name"],
        "aws:ecs/service:Service": ["cluster", "deploymentController", "iamRole", "launchType", "name", "schedulingStrategy"],
        "aws:lb/loadBalancer:LoadBalancer": ["internal", "loadBalancerType", "name", "namePrefix"],
        "aws:lb/targetGroup:TargetGroup": [
          "ipAddressType",
          "name",
          "namePrefix",
          "port",
          "protocol",
          "protocolVersion",
          "targetType",
          "vpcId",
        ],
        "aws:lb/listener:Listener": ["loadBalancerArn"],
        "aws:lb/listenerRule:ListenerRule": ["listenerArn"],
        "aws:ecr/repository:Repository": ["encryptionConfigurations", "name"],
        "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository"],
        "aws:iam/role:Role": ["name", "namePrefix", "path"],
        "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
        "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix"],
        "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": ["name", "vpc"],
        "aws:servicediscovery/service:Service": [
          "dnsConfig.dnsRecords.type",
          "dnsConfig.namespaceId",
          "dnsConfig.routingPolicy",
          "healthCheckConfig.type",
          "healthCheckCustomConfig",
          "name",
          "namespaceId",
          "type",
        ],
        "aws:ec2/securityGroup:SecurityGroup": ["description", "name", "namePrefix", "vpcId"],
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
        "aws:appautoscaling/target:Target": ["resourceId", "scalableDimension", "serviceNamespace"],
        "aws:appautoscaling/policy:Policy": ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        "aws:ec2/vpcEndpoint:VpcEndpoint": ["serviceName", "vpcEndpointType", "vpcId"],
      },
    );
  });

  it("every difference from CloudFormation is explicit in the table (provider replaces / provider updates)", () => {
    const differences: string[] = [];
    for (const [type, mapping] of Object.entries(TYPE_MAP)) {
      if (!mapping.cfnType || mapping.replacesOnAnyChangeExcept) continue;
      const cfn = new Set(REPLACEMENT_DATA.cloudFormation[mapping.cfnType].replace);
      const ours = new Set(replaceOnly(type));
      for (const [prop, cfnProp] of Object.entries(mapping.properties)) {
        if (cfn.has(cfnProp) && !ours.has(prop)) differences.push(`${type} ${prop}: provider updates`);
      }
      for (const rule of rulesFor(type).replaceOnly)
        if (rule.source !== "CloudFormation spec") differences.push(`${type} ${rule.property}: ${rule.source} replaces`);
    }
    const egress = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    const ingress = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    const vpcRule = (type: string) =>
      ["cidrIpv4", "cidrIpv6", "fromPort", "ipProtocol", "prefixListId", "referencedSecurityGroupId", "toPort"].map(
        (p) => `${type} ${p}: provider updates`,
      );
    const namePrefix = [
      "aws:alb/loadBalancer:LoadBalancer",
      "aws:alb/targetGroup:TargetGroup",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:ec2/securityGroup:SecurityGroup",
      "aws:iam/policy:Policy",
      "aws:iam/role:Role",
      "aws:iam/rolePolicy:RolePolicy",
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:lb/targetGroup:TargetGroup",
    ].map((t) => `${t} namePrefix: provider replaces`);
    assert.deepStrictEqual(
      differences.sort(),
      [
        ...namePrefix,
        "aws:ec2/securityGroupRule:SecurityGroupRule type: provider replaces",
        ...vpcRule(egress),
        ...vpcRule(ingress),
        "aws:servicediscovery/service:Service dnsConfig.dnsRecords.type: provider replaces",
        "aws:servicediscovery/service:Service dnsConfig.namespaceId: provider replaces",
        "aws:servicediscovery/service:Service dnsConfig.routingPolicy: provider replaces",
        "aws:servicediscovery/service:Service healthCheckConfig.type: provider replaces",
      ].sort(),
    );
    // The vpc rules are the notable case: CloudFormation replaces an ingress rule on any change, the provider does not.
    assert.ok(differences.includes("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule fromPort: provider updates"));
  });

  it("task definitions: any change but tags is a new revision", () => {
    const rules = rulesFor("aws:ecs/taskDefinition:TaskDefinition");
    assert.strictEqual(replaceRuleFor(rules, "containerDefinitions[0].image")?.property, "containerDefinitions");
    assert.strictEqual(replaceRuleFor(rules, "somethingNew")?.property, "somethingNew");
    assert.strictEqual(replaceRuleFor(rules, "tags.team"), undefined);
  });

  it("a nested rule matches changes at, below and above its path, not beside it", () => {
    const rules = rulesFor("aws:servicediscovery/service:Service");
    assert.strictEqual(replaceRuleFor(rules, "dnsConfig.namespaceId")?.source, "provider");
    assert.strictEqual(replaceRuleFor(rules, "dnsConfig")?.property, "dnsConfig.dnsRecords.type");
    assert.strictEqual(replaceRuleFor(rules, "dnsConfig.dnsRecords[0].type")?.property, "dnsConfig.dnsRecords.type");
    assert.strictEqual(replaceRuleFor(rules, "dnsConfig.dnsRecords[0].ttl"), undefined);
    assert.strictEqual(replaceRuleFor(rules, "description"), undefined);
  });

  it('extracts "forces a new resource" doc notes from a declaration\'s Args interface only', () => {
    const declaration = [
      "export interface ThingState {",
      "    /** Changing this forces a new resource to be created. */",
      "    stateOnly?: pulumi.Input<string>;",
      "}",
      "export interface ThingArgs {",
      "    /**",
      "     * The zone. Changing this forces a new resource to be created.",
      "     */",
      "    zone?: pulumi.Input<string>;",
      "    /** A label. */",
      "    label?: pulumi.Input<string>;",
      "}",
    ].join("\n");
    assert.deepStrictEqual(docForcesNew(declaration), [{ property: "zone", text: "Changing this forces a new resource to be created." }]);
    assert.deepStrictEqual(docForcesNew(declaration.replaceAll("Changing this forces", "Changing this updates")), []);
  });
});
