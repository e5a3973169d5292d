import * as assert from "node:assert/strict";
import { buildContainerDefinitions, type ContainerSpec } from "../../components/container-definitions";

const spec = (name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
  name,
  image: `${name}:1`,
  essential: false,
  ports: [],
  environment: {},
  secrets: {},
  readonlyRootFilesystem: true,
  stopTimeoutSeconds: 30,
  ...extra,
});

describe("container definitions", () => {
  it("puts the app first, sidecars sorted by name, environment and secrets sorted by name", () => {
    const defs = buildContainerDefinitions(
      spec("app", { essential: true, ports: [8080], environment: { Z: "1", A: "2" }, secrets: { S2: "arn:b", S1: "arn:a" } }),
      [spec("zeta"), spec("alpha", { ports: [9901] })],
      { logGroupName: "/ecs/dev/app", region: "eu-west-1" },
    );
    assert.deepEqual(
      defs.map((d) => d.name),
      ["app", "alpha", "zeta"],
    );
    assert.deepEqual(defs[0].environment, [
      { name: "A", value: "2" },
      { name: "Z", value: "1" },
    ]);
    assert.deepEqual(defs[0].secrets, [
      { name: "S1", valueFrom: "arn:a" },
      { name: "S2", valueFrom: "arn:b" },
    ]);
    assert.deepEqual(defs[0].portMappings, [
      { name: "app-8080", containerPort: 8080, hostPort: 8080, protocol: "tcp", appProtocol: "http" },
    ]);
    assert.deepEqual(defs[1].logConfiguration, {
      logDriver: "awslogs",
      options: { "awslogs-group": "/ecs/dev/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "alpha" },
    });
    assert.equal(defs[2].healthCheck, undefined);
    assert.equal("cpu" in defs[2], false, "unset sizes are omitted, not null");
  });

  it("is byte-identical for the same input in a different key order", () => {
    const a = JSON.stringify(
      buildContainerDefinitions(spec("app", { environment: { B: "1", A: "1" } }), [spec("y"), spec("x")], {
        logGroupName: "g",
        region: "r",
      }),
    );
    const b = JSON.stringify(
      buildContainerDefinitions(spec("app", { environment: { A: "1", B: "1" } }), [spec("x"), spec("y")], {
        logGroupName: "g",
        region: "r",
      }),
    );
    assert.equal(a, b);
  });
});
