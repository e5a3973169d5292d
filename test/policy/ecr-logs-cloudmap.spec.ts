import * as assert from "assert";
import { ecrImmutableTags, ecrNoPublicRepository, ecrRepositoryLifecyclePolicy, ecrScanOnPush } from "../../policy/rules/ecr";
import { cloudwatchLogGroupRetention } from "../../policy/rules/logs";
import { cloudmapNoPublicNamespace, cloudmapServicePrivateNamespace } from "../../policy/rules/cloudmap";
import { details, flagged, res, run } from "./harness";

const REPO = "aws:ecr/repository:Repository";

describe("ECR rules", () => {
  const repos = [
    res(REPO, "pass", { imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE" }),
    res(REPO, "fail", { imageTagMutability: "MUTABLE" }),
  ];

  it("ecr-scan-on-push and ecr-immutable-tags remediate by default and flag at mandatory", async () => {
    const remediated = await run([ecrScanOnPush, ecrImmutableTags], repos);
    assert.deepStrictEqual(
      remediated.remediations.map((r) => [r.policy, r.urn.split("::").pop(), r.properties]),
      [
        ["ecr-scan-on-push", "fail", ["imageScanningConfiguration"]],
        ["ecr-immutable-tags", "fail", ["imageTagMutability"]],
      ],
    );
    assert.deepStrictEqual(remediated.violations, []);
    const strict = await run([ecrScanOnPush, ecrImmutableTags], repos, { config: { all: "mandatory" } });
    assert.deepStrictEqual(details(strict), [
      "fail: imageScanningConfiguration.scanOnPush is not true; set imageScanningConfiguration: { scanOnPush: true }.",
      'fail: imageTagMutability is "MUTABLE"; set imageTagMutability: "IMMUTABLE".',
    ]);
  });

  it("ecr-repository-lifecycle-policy: every repository needs a LifecyclePolicy (graph or name)", async () => {
    const byGraph = res(REPO, "by-graph", {}, { outputs: { name: "app/by-graph" } });
    const byName = res(REPO, "by-name", {}, { outputs: { name: "app/by-name" } });
    const bare = res(REPO, "bare", {}, { outputs: { name: "app/bare" } });
    const report = await run(ecrRepositoryLifecyclePolicy, [
      byGraph,
      byName,
      bare,
      res(
        "aws:ecr/lifecyclePolicy:LifecyclePolicy",
        "lp1",
        { repository: "app/by-graph" },
        { propertyDependencies: { repository: [byGraph] } },
      ),
      res("aws:ecr/lifecyclePolicy:LifecyclePolicy", "lp2", { repository: "app/by-name" }),
    ]);
    assert.deepStrictEqual(details(report), [
      "bare: repository bare has no aws.ecr.LifecyclePolicy; add one that expires untagged and old images.",
    ]);
  });

  it("ecr-no-public-repository: policies granting * without a condition (JSON string or object) and ECR Public", async () => {
    const open = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] }],
    };
    const report = await run(ecrNoPublicRepository, [
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-string", { repository: "r", policy: JSON.stringify(open) }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-object", {
        repository: "r",
        policy: { Statement: { Effect: "Allow", Principal: { AWS: "*" }, Action: "ecr:*" } },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "pass-org", {
        repository: "r",
        policy: {
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } },
          ],
        },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "pass-account", {
        repository: "r",
        policy: { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "ecr:BatchGetImage" }] },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "pass-source-vpce", {
        repository: "r",
        policy: {
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } },
          ],
        },
      }),
      // Only conditions on *who* calls count: SecureTransport, a negated or IfExists operator restrict nothing.
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-tls-only", {
        repository: "r",
        policy: {
          Statement: [
            { Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: { Bool: { "aws:SecureTransport": "true" } } },
          ],
        },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-not-org", {
        repository: "r",
        policy: {
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "ecr:BatchGetImage",
              Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-1" } },
            },
          ],
        },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-ifexists", {
        repository: "r",
        policy: {
          Statement: [
            {
              Effect: "Allow",
              Principal: "*",
              Action: "ecr:BatchGetImage",
              Condition: { StringEqualsIfExists: { "aws:SourceAccount": "1" } },
            },
          ],
        },
      }),
      res("aws:ecr/repositoryPolicy:RepositoryPolicy", "fail-empty-condition", {
        repository: "r",
        policy: { Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Condition: {} }] },
      }),
      res("aws:ecrpublic/repository:Repository", "fail-public", { repositoryName: "x" }),
    ]);
    assert.deepStrictEqual(details(report), [
      'fail-empty-condition: the repository policy allows ecr:BatchGetImage to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
      'fail-ifexists: the repository policy allows ecr:BatchGetImage to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
      'fail-not-org: the repository policy allows ecr:BatchGetImage to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
      'fail-object: the repository policy allows ecr:* to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
      "fail-public: this is an ECR Public repository; use a private aws.ecr.Repository.",
      'fail-string: the repository policy allows ecr:BatchGetImage,ecr:GetDownloadUrlForLayer to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
      'fail-tls-only: the repository policy allows ecr:BatchGetImage to principal "*" without a condition that restricts the caller (such as aws:PrincipalOrgID or aws:SourceAccount); grant specific account/role ARNs instead.',
    ]);
  });
});

describe("cloudwatch-log-group-retention", () => {
  const groups = [
    res("aws:cloudwatch/logGroup:LogGroup", "days-7", { retentionInDays: 7 }),
    res("aws:cloudwatch/logGroup:LogGroup", "days-90", { retentionInDays: 90 }),
    res("aws:cloudwatch/logGroup:LogGroup", "never-expire", { retentionInDays: 0 }),
    res("aws:cloudwatch/logGroup:LogGroup", "unset", {}),
  ];

  it("uses the per-stack minimum: dev 7, prod 90", async () => {
    const dev = await run(cloudwatchLogGroupRetention, groups, { config: { "cloudwatch-log-group-retention": { minRetentionDays: 7 } } });
    assert.deepStrictEqual(flagged(dev), ["unset"]);
    const prod = await run(cloudwatchLogGroupRetention, groups, { config: { "cloudwatch-log-group-retention": { minRetentionDays: 90 } } });
    assert.deepStrictEqual(details(prod), [
      "days-7: retentionInDays is 7; set it to at least 90.",
      "unset: retentionInDays is not set (logs are kept forever, unbudgeted); set retentionInDays ≥ 90.",
    ]);
  });

  it("defaults to a 30-day minimum", async () => {
    assert.deepStrictEqual(flagged(await run(cloudwatchLogGroupRetention, groups)), ["days-7", "unset"]);
  });
});

describe("Cloud Map rules", () => {
  it("cloudmap-no-public-namespace: public namespaces fail unless allow-listed", async () => {
    const resources = [
      res("aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace", "public", { name: "example.com" }),
      res("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", "private", { name: "dev.internal", vpc: "vpc-1" }),
    ];
    assert.deepStrictEqual(details(await run(cloudmapNoPublicNamespace, resources)), [
      'public: public DNS namespace "example.com" exposes service discovery on the internet; use a PrivateDnsNamespace in the VPC.',
    ]);
    assert.deepStrictEqual(
      flagged(
        await run(cloudmapNoPublicNamespace, resources, {
          config: { "cloudmap-no-public-namespace": { allowedPublicNamespaces: ["example.com"] } },
        }),
      ),
      [],
    );
  });

  it("cloudmap-service-private-namespace: follows ECS service → discovery service → namespace", async () => {
    const privateNs = res(
      "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
      "ns",
      { name: "dev.internal" },
      { outputs: { id: "ns-priv" } },
    );
    const publicNs = res(
      "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace",
      "pub",
      { name: "example.com" },
      { outputs: { id: "ns-pub" } },
    );
    const sdOk = res(
      "aws:servicediscovery/service:Service",
      "api-discovery",
      {},
      {
        outputs: { arn: "arn:sd-ok", dnsConfig: { namespaceId: "ns-priv" } },
        propertyDependencies: { dnsConfig: [privateNs], namespaceId: [privateNs] },
      },
    );
    const sdPub = res(
      "aws:servicediscovery/service:Service",
      "web-discovery",
      {},
      { outputs: { arn: "arn:sd-pub", dnsConfig: { namespaceId: "ns-pub" } } },
    );
    const sdExt = res(
      "aws:servicediscovery/service:Service",
      "ext-discovery",
      {},
      { outputs: { arn: "arn:sd-ext", namespaceId: "ns-external" } },
    );
    const sdUnused = res(
      "aws:servicediscovery/service:Service",
      "unused-discovery",
      {},
      { outputs: { arn: "arn:sd-unused", namespaceId: "ns-other" } },
    );
    const svc = (name: string, registryArn: string, dep?: typeof sdOk) =>
      res(
        "aws:ecs/service:Service",
        name,
        { serviceRegistries: { registryArn } },
        { propertyDependencies: dep ? { serviceRegistries: [dep] } : {} },
      );
    const resources = [
      privateNs,
      publicNs,
      sdOk,
      sdPub,
      sdExt,
      sdUnused,
      svc("api", "arn:sd-ok", sdOk),
      svc("web", "arn:sd-pub"),
      svc("ext", "arn:sd-ext"),
    ];
    assert.deepStrictEqual(details(await run(cloudmapServicePrivateNamespace, resources)), [
      "ext-discovery: cannot prove namespace ns-external of discovery service ext-discovery private: create the service in a PrivateDnsNamespace in this stack or list the namespace ID in privateNamespaceIds.",
      "web-discovery: discovery service web-discovery is in PublicDnsNamespace pub; move it to a PrivateDnsNamespace.",
    ]);
    const listed = await run(cloudmapServicePrivateNamespace, resources, {
      config: { "cloudmap-service-private-namespace": { privateNamespaceIds: ["ns-external"] } },
    });
    assert.deepStrictEqual(flagged(listed), ["web-discovery"]);
  });
});
