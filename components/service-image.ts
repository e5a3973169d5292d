import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { contentTag } from "./content-hash";
import type { FargateServiceArgs } from "./fargate-service-args";

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

/** Creates the repository (+ lifecycle policy) and, in build mode, the Docker image build and push. */
export function createServiceImage(name: string, args: FargateServiceArgs, parent: pulumi.Resource): ServiceImage {
  const t = args.transform ?? {};
  const keep = args.keepTaggedImages ?? 10;
  const stateful: pulumi.CustomResourceOptions = { parent, protect: args.protect === true, retainOnDelete: args.protect === true };
  const repoArgs: aws.ecr.RepositoryArgs = {
    name: `${args.environment}/${name}`,
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "AES256" }],
    forceDelete: args.forceDeleteRepository === true,
  };
  const repository = new aws.ecr.Repository(`${name}-repo`, t.repository ? t.repository(repoArgs) : repoArgs, stateful);
  new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, { repository: repository.name, policy: lifecyclePolicyDocument(keep) }, { parent });

  if (args.image.kind === "prebuilt") return { repository, imageUri: pulumi.output(args.image.uri) };

  const platform = dockerPlatform(args.architecture ?? "x86_64");
  const dockerfile = args.image.dockerfile ?? "Dockerfile";
  const buildArgs = sortRecord({ ...(args.image.args ?? {}), BUILDKIT_INLINE_CACHE: "1" });
  const tag = contentTag({
    contextDir: args.image.contextPath ?? path.resolve(args.image.context),
    dockerfile,
    args: buildArgs,
    target: args.image.target,
    platform,
  });
  const auth = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, { parent });
  const imageName = pulumi.interpolate`${repository.repositoryUrl}:${tag}`;
  const imageArgs: docker.ImageArgs = {
    imageName,
    build: {
      context: args.image.context,
      dockerfile: path.posix.join(args.image.context, dockerfile),
      platform,
      args: buildArgs,
      target: args.image.target,
      // Tags are content-addressed, so an image of the same content pushed earlier is a layer cache for this
      // build (BUILDKIT_INLINE_CACHE embeds the cache metadata); a missing cache image is not an error.
      cacheFrom: { images: [imageName] },
    },
    registry: { server: repository.repositoryUrl, username: auth.userName, password: pulumi.secret(auth.password) },
  };
  const image = new docker.Image(`${name}-image`, t.image ? t.image(imageArgs) : imageArgs, { parent });
  return { repository, imageUri: image.repoDigest };
}

function sortRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
