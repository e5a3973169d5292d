import * as path from "node:path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "./aws";
import { contentTag } from "./content-hash";
import { SERVICE_DEFAULTS } from "./defaults";
import type { FargateServiceArgs } from "./fargate-service-args";
import { repositoryName } from "./naming";
import { serviceScope } from "./service-scope";
import { transform } from "./transform";

/** The ECR repository and the digest-pinned image a service runs. */
export interface ServiceImage {
  repository: aws.ecr.Repository;
  /** `<repo>@sha256:<digest>` for builds; the given URI for prebuilt images. */
  imageUri: pulumi.Output<string>;
}

/** Docker platform for an ECS CPU architecture (one setting drives both). */
export function dockerPlatform(architecture: "x86_64" | "arm64"): string {
  return architecture === "arm64" ? "linux/arm64" : "linux/amd64";
}

/** ECR lifecycle policy: untagged images expire after 1 day; the newest `keep` tagged images are kept. */
export function lifecyclePolicyDocument(keep: number): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "Expire untagged images after 1 day",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `Keep the last ${keep} tagged images`,
        selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * The one mutable tag of a repository: the build cache. Every deployable tag stays immutable (the task definition
 * pins a digest anyway); ECR's IMMUTABLE_WITH_EXCLUSION lets exactly this tag be overwritten by each build.
 */
export const CACHE_TAG = "buildcache";

/** Creates the repository (+ lifecycle policy) and, in build mode, the Docker image build and push. */
export function createServiceImage(name: string, args: FargateServiceArgs, parent: pulumi.Resource): ServiceImage {
  const t = args.transform ?? {};
  const keep = args.keepTaggedImages ?? SERVICE_DEFAULTS.keepTaggedImages;
  const protect = args.protect ?? SERVICE_DEFAULTS.protect;
  const repository = new aws.ecr.Repository(
    ...transform(
      t.repository,
      `${name}-repo`,
      {
        name: repositoryName(serviceScope(args.platform), name),
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: [{ filter: CACHE_TAG, filterType: "WILDCARD" }],
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: args.forceDeleteRepository ?? SERVICE_DEFAULTS.forceDeleteRepository,
      },
      { parent, protect, retainOnDelete: protect },
    ),
  );
  new aws.ecr.LifecyclePolicy(
    ...transform(
      t.lifecyclePolicy,
      `${name}-repo-lifecycle`,
      { repository: repository.name, policy: lifecyclePolicyDocument(keep) },
      { parent },
    ),
  );

  if (args.image.kind === "prebuilt") return { repository, imageUri: pulumi.output(args.image.uri) };

  const source = args.image;
  const contextDir = path.resolve(source.contextRoot ?? ".", source.context);
  // Relative to the working directory, where the Docker provider resolves it: no machine-specific absolute path.
  const context =
    source.contextRoot === undefined ? source.context : path.relative(process.cwd(), contextDir).split(path.sep).join("/") || ".";
  const platform = dockerPlatform(args.architecture ?? SERVICE_DEFAULTS.architecture);
  const dockerfile = source.dockerfile ?? SERVICE_DEFAULTS.dockerfile;
  const buildArgs = sortRecord({ ...(source.args ?? {}), BUILDKIT_INLINE_CACHE: "1" });
  const dockerfilePath = path.posix.join(context, dockerfile);
  const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, { parent });
  const registry = { server: repository.repositoryUrl, username: auth.userName, password: pulumi.secret(auth.password) };
  const cacheRef = pulumi.interpolate`${repository.repositoryUrl}:${CACHE_TAG}`;
  // Everything the provider diffs besides the tag and the credentials; the repository URL is in the image name.
  const buildInputs = { context, dockerfile: dockerfilePath, cacheFrom: [`<repository>:${CACHE_TAG}`], skipPush: false };
  const tag = contentTag({
    contextDir,
    dockerfile,
    args: buildArgs,
    target: source.target,
    platform,
    buildInputs,
  });
  const build = (imageName: pulumi.Input<string>): docker.ImageArgs => ({
    imageName,
    build: {
      context,
      dockerfile: dockerfilePath,
      platform,
      args: buildArgs,
      target: source.target,
      // The previous build's `buildcache` image (BUILDKIT_INLINE_CACHE embeds the layer cache metadata). On the
      // first build it does not exist yet: the provider logs "cacheFrom image … not available" and builds without
      // it (pulling cache images is never fatal in @pulumi/docker 4.11, provider/image.go).
      cacheFrom: { images: [cacheRef] },
    },
    registry,
  });
  const image = new docker.Image(
    ...transform(t.image, `${name}-image`, build(pulumi.interpolate`${repository.repositoryUrl}:${tag}`), { parent }),
  );
  // The same build (a local cache hit) pushed under the mutable cache tag, for the next build's cacheFrom.
  new docker.Image(...transform(t.image, `${name}-image-cache`, build(cacheRef), { parent, dependsOn: [image] }));
  return { repository, imageUri: image.repoDigest };
}

function sortRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
