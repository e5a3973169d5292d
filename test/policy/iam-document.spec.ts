import * as assert from "assert";
import { isAnyResource, restrictsCaller } from "../../policy/rules/iam-document";

describe("IAM document helpers", () => {
  it("isAnyResource: wildcards in any ARN segment that span the resource (or any account) mean any resource; a named resource is scoped", () => {
    const any = [
      "*",
      "arn:*",
      "arn:aws:*:*:*:*",
      "arn:aws:secretsmanager:*:*:secret:*",
      "arn:aws:s3:::*/*",
      "arn:aws:s3:::*",
      "arn:aws:iam::123456789012:role/*",
      "arn:aws:sqs:*:*:*",
      "arn:aws:dynamodb:us-east-1:1:table/*",
      "arn:aws:dynamodb:*:*:table/orders",
    ];
    const scoped = [
      "arn:aws:s3:::assets/*",
      "arn:aws:logs:us-east-1:1:log-group:/ecs/api:*",
      "arn:aws:secretsmanager:us-east-1:1:secret:db-*",
      "arn:aws:sqs:us-east-1:1:orders",
      "arn:aws:dynamodb:*:1:table/orders",
      "arn:aws:iam::1:role/app-*",
    ];
    assert.deepStrictEqual([any.filter((r) => !isAnyResource(r)), scoped.filter(isAnyResource)], [[], []]);
  });

  it("restrictsCaller: only positive conditions on who calls count", () => {
    const yes = [
      { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
      { StringEquals: { "aws:PrincipalAccount": "1" } },
      { StringEquals: { "aws:SourceAccount": "1" } },
      { ArnLike: { "aws:SourceArn": "arn:aws:ecs:*:1:*" } },
      { StringEquals: { "aws:SourceVpc": "vpc-1" } },
      { StringEquals: { "aws:SourceVpce": "vpce-1" } },
      { ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::1:role/ci" } },
      { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-1/*"] } },
    ];
    const no = [
      undefined,
      {},
      { Bool: { "aws:SecureTransport": "true" } },
      { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
      { StringNotEquals: { "aws:PrincipalOrgID": "o-1" } },
      { StringEqualsIfExists: { "aws:SourceAccount": "1" } },
      { Null: { "aws:SourceArn": "false" } },
    ];
    assert.deepStrictEqual([yes.filter((c) => !restrictsCaller(c)), no.filter(restrictsCaller)], [[], []]);
  });
});
