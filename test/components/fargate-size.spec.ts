import * as assert from "node:assert/strict";
import { allowedMemory, checkTaskSize, describeAllowedMemory, FARGATE_CPUS } from "../../policy/aws-rules";

describe("fargate-size", () => {
  it("lists the Fargate CPU sizes", () => {
    assert.deepEqual(FARGATE_CPUS, [256, 512, 1024, 2048, 4096, 8192, 16384]);
  });

  const memoryTable: [number, number[] | { first: number; last: number; count: number }][] = [
    [256, [512, 1024, 2048]],
    [512, [1024, 2048, 3072, 4096]],
    [1024, { first: 2048, last: 8192, count: 7 }],
    [2048, { first: 4096, last: 16384, count: 13 }],
    [4096, { first: 8192, last: 30720, count: 23 }],
    [8192, { first: 16384, last: 61440, count: 12 }],
    [16384, { first: 32768, last: 122880, count: 12 }],
  ];
  for (const [cpu, expected] of memoryTable) {
    it(`allows the documented memory for cpu ${cpu}`, () => {
      const actual = allowedMemory(cpu);
      if (Array.isArray(expected)) assert.deepEqual(actual, expected);
      else assert.deepEqual([actual[0], actual[actual.length - 1], actual.length], [expected.first, expected.last, expected.count]);
    });
  }

  const cases: [number, number, string | undefined][] = [
    [256, 512, undefined],
    [256, 2048, undefined],
    [512, 4096, undefined],
    [8192, 20480, undefined],
    [16384, 122880, undefined],
    [256, 4096, "memory 4096 is not allowed with cpu 256; allowed memory for cpu 256: 512, 1024, 2048"],
    [512, 512, "memory 512 is not allowed with cpu 512; allowed memory for cpu 512: 1024–4096 in steps of 1024"],
    [8192, 18432, "memory 18432 is not allowed with cpu 8192; allowed memory for cpu 8192: 16384–61440 in steps of 4096"],
    [300, 512, "cpu 300 is not a Fargate size; allowed cpu: 256, 512, 1024, 2048, 4096, 8192, 16384"],
    [32768, 65536, "cpu 32768 is not a Fargate size; allowed cpu: 256, 512, 1024, 2048, 4096, 8192, 16384"],
  ];
  for (const [cpu, memory, message] of cases) {
    it(`checkTaskSize(${cpu}, ${memory}) → ${message ?? "ok"}`, () => {
      assert.equal(checkTaskSize(cpu, memory), message);
    });
  }

  it("describes nothing for an unsupported cpu", () => {
    assert.equal(describeAllowedMemory(100), "");
    assert.deepEqual(allowedMemory(100), []);
  });
});
