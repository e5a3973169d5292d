/**
 * A recorded-response ECS endpoint: a real HTTP server on 127.0.0.1 (free port) speaking the AWS JSON 1.1
 * protocol. Each DescribeServices call gets the next recorded answer (the last one repeats); every request is
 * kept for assertions. Recordings live in test/fixtures/ecs-describe-services/ and are validated against
 * AWS's DescribeServices output shape (data/aws-models/ecs.json) before they are served.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { ECSClient } from "@aws-sdk/client-ecs";
import { validateResponse } from "../../../preview/aws/model";

export const RECORDINGS_DIR = path.resolve(__dirname, "../../fixtures/ecs-describe-services");
const TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

/** One answer: an AWS-shaped DescribeServices body, or an AWS error. */
export type RecordedAnswer = { body: Record<string, unknown> } | { status: number; error: { __type: string; message: string } };

export interface Recording {
  /** Where it comes from and what it shows. */
  description: string;
  answers: RecordedAnswer[];
}

/** Reads a recording and refuses one AWS's model would not produce (so recordings cannot drift from AWS). */
export function loadRecording(name: string): Recording {
  const file = path.join(RECORDINGS_DIR, `${name}.json`);
  const recording = JSON.parse(fs.readFileSync(file, "utf8")) as Recording;
  const problems = recordingProblems(recording);
  if (problems.length > 0)
    throw new Error(
      `${path.relative(process.cwd(), file)} does not match AWS's DescribeServicesResponse shape:\n  ${problems.join("\n  ")}`,
    );
  return recording;
}

/** AWS model problems of every body in a recording, prefixed with the answer's index. */
export function recordingProblems(recording: Recording): string[] {
  return recording.answers.flatMap((a, i) =>
    "body" in a ? validateResponse("ecs", "DescribeServices", a.body).map((p) => `answers[${i}]: ${p.message}`) : [],
  );
}

export interface ReceivedRequest {
  operation: string;
  body: Record<string, unknown>;
  /** The SigV4 `Authorization` header (names the access key and region the client signed with). */
  authorization?: string;
}

export interface RecordedEcs {
  endpoint: string;
  requests: ReceivedRequest[];
  /** An ECS client pointed at this server (fake static credentials). */
  client(): ECSClient;
  close(): Promise<void>;
}

/** A client for any test endpoint: fake static credentials, no retries beyond the first attempt. */
export function testClient(endpoint: string, region = "us-east-1"): ECSClient {
  return new ECSClient({
    endpoint,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId: "AKIDTESTVERIFIER", secretAccessKey: "test-secret" },
  });
}

export async function startRecordedEcs(recording: Recording): Promise<RecordedEcs> {
  const requests: ReceivedRequest[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      const text = Buffer.concat(chunks).toString("utf8");
      const authorization = req.headers.authorization;
      requests.push({
        operation,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        ...(authorization ? { authorization } : {}),
      });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${requests.length}` });
        res.end(JSON.stringify(body));
      };
      if (operation !== "DescribeServices")
        return send(400, { __type: "UnknownOperationException", message: `not recorded: ${operation}` });
      const answer = recording.answers[Math.min(next++, recording.answers.length - 1)];
      if ("body" in answer) send(200, answer.body);
      else send(answer.status, answer.error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    requests,
    client: () => testClient(endpoint),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
