/**
 * `awsx.ecr.Repository` and `awsx.ecr.Image` at deploy time.
 * - Repository: an `aws.ecr.Repository` named like the component (lower-cased) with the args as given — so AWS's
 *   own defaults hold: tags MUTABLE, no scan on push — and, unless `lifecyclePolicy.skip`, an
 *   `aws.ecr.LifecyclePolicy` whose rules are `lifecyclePolicy.rules` (the `any` rule last) or, by default, one
 *   rule expiring untagged images beyond one.
 * - Image: a `docker-build` image built from `context` (default ".") and pushed to `repositoryUrl` as
 *   `<repositoryUrl>:<imageTag or a hash of the build inputs>`; its URI is `<repositoryUrl>@<digest>`.
 */
import type { AwsContext } from "../../mock/context";
import { sha256Hex } from "../../mock/ids";
import { ComponentModel, ComponentPlan, ComponentRef, Planner, arr, rec, str, view } from "./model";

/** One awsx lifecycle rule in ECR's policy form. */
function ecrRule(rule: Record<string, unknown>, priority: number, p: Planner, i: number): Record<string, unknown> {
  const tagStatus = rule["tagStatus"];
  const tagPrefixList = arr(rule["tagPrefixList"]);
  if (tagStatus === "tagged" && tagPrefixList.length === 0)
    p.cannotEvaluate(`lifecyclePolicy.rules[${i}].tagPrefixList`, "awsx rejects a tagged rule with an empty tagPrefixList");
  const count =
    rule["maximumNumberOfImages"] !== undefined
      ? { countType: "imageCountMoreThan", countNumber: rule["maximumNumberOfImages"] }
      : rule["maximumAgeLimit"] !== undefined
        ? { countType: "sinceImagePushed", countNumber: rule["maximumAgeLimit"], countUnit: "days" }
        : undefined;
  if (!count) p.cannotEvaluate(`lifecyclePolicy.rules[${i}]`, "awsx requires maximumNumberOfImages or maximumAgeLimit in each rule");
  const tag = tagStatus === "any" || tagStatus === "untagged" ? { tagStatus } : { tagStatus: "tagged", tagPrefixList };
  return { rulePriority: priority, description: rule["description"], selection: { ...tag, ...count }, action: { type: "expire" } };
}

function planRepository(ctx: AwsContext, component: ComponentRef): ComponentPlan {
  const { lifecyclePolicy, ...repoArgs } = component.inputs;
  const p = new Planner(ctx, component, "");
  const childName = component.name.toLowerCase();
  const repository = p.add("aws:ecr/repository:Repository", childName, repoArgs, {
    argPath: "",
    passThrough: "",
    props: {
      imageScanningConfiguration: "imageScanningConfiguration",
      imageTagMutability: "imageTagMutability",
      encryptionConfigurations: "encryptionConfigurations",
    },
  });
  const lifecycle = rec(lifecyclePolicy);
  let policy;
  if (lifecycle["skip"] !== true) {
    const given =
      lifecycle["rules"] === undefined
        ? [{ description: "remove untagged images", tagStatus: "untagged", maximumNumberOfImages: 1 }]
        : arr(lifecycle["rules"]).map(rec);
    if (given.filter((r) => r["tagStatus"] === "any").length > 1)
      p.cannotEvaluate("lifecyclePolicy.rules", 'awsx accepts at most one rule with tagStatus "any"');
    const ordered = [...given.filter((r) => r["tagStatus"] !== "any"), ...given.filter((r) => r["tagStatus"] === "any")];
    policy = p.add(
      "aws:ecr/lifecyclePolicy:LifecyclePolicy",
      childName,
      {
        repository: repository.out("name"),
        policy: { rules: ordered.map((r, i) => ecrRule(r, i + 1, p, given.indexOf(r))) },
        region: component.inputs["region"],
      },
      { argPath: "lifecyclePolicy" },
    );
  }
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    outputs: { repository: view(repository), lifecyclePolicy: view(policy), url: repository.out("repositoryUrl") },
  };
}

function planImage(ctx: AwsContext, component: ComponentRef): ComponentPlan {
  const { inputs } = component;
  const p = new Planner(ctx, component, "");
  const repositoryUrl = str(inputs["repositoryUrl"]);
  if (repositoryUrl === undefined)
    p.cannotEvaluate("repositoryUrl", "the repository URL is not known offline, so the pushed image cannot be named");
  const args = rec(inputs["args"]);
  const signature = `${str(inputs["context"]) ?? "."};dockerfile=${str(inputs["dockerfile"]) ?? ""};${Object.entries(args)
    .map(([k, v]) => `arg[${k}]=${String(v)}`)
    .join(";")}`;
  const imageName = str(inputs["imageName"]) ?? str(inputs["imageTag"]) ?? `${sha256Hex(signature).slice(0, 8)}-container`;
  const ref = `${repositoryUrl ?? "<repository>"}:${imageName}`;
  const image = p.add(
    "docker-build:index:Image",
    imageName,
    {
      tags: [ref],
      buildArgs: inputs["args"],
      cacheFrom:
        arr(inputs["cacheFrom"]).length > 0 ? arr(inputs["cacheFrom"]).map((c) => ({ registry: { ref: c } })) : [{ registry: { ref } }],
      cacheTo: [{ inline: {} }],
      context: { location: str(inputs["context"]) ?? "." },
      dockerfile: { location: inputs["dockerfile"] },
      platforms: inputs["platform"] !== undefined ? [inputs["platform"]] : [],
      target: inputs["target"],
      push: true,
    },
    { argPath: "" },
  );
  const digest = str(image.out("digest"));
  return {
    children: p.children,
    notEvaluated: p.notEvaluated,
    outputs: { imageUri: repositoryUrl && digest ? `${repositoryUrl}@${digest}` : undefined },
  };
}

export const repositoryModel: ComponentModel = { type: "awsx:ecr:Repository", plan: planRepository };
export const imageModel: ComponentModel = { type: "awsx:ecr:Image", plan: planImage };
