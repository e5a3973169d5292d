/**
 * Which stack frame is the program's: the first inside the project, past dependencies and the gate's own code.
 * (The files named do not exist, so no source map moves their positions.)
 */
import * as assert from "assert";
import * as path from "path";
import { userFrame, userPosition } from "../../preview/capture/failure";

const REPO = path.resolve(__dirname, "..", "..");
const at = (file: string, line = 7, column = 3) => ({ file: path.join(REPO, file), line, column });

describe("userFrame: the program's own frame", () => {
  it("in dockyard's own project, skips the gate's code (preview/, loader/) and dependencies", () => {
    const frames = [
      at("preview/capture/watch.ts", 309, 29),
      at("loader/register.js"),
      at("node_modules/@pulumi/pulumi/output.js"),
      at("components/example-service.ts", 69, 12),
    ];
    assert.strictEqual(userFrame(frames, REPO, REPO), "components/example-service.ts:69:12");
  });

  it("negative control: a program frame first is the one shown; nothing in the project gives undefined", () => {
    assert.strictEqual(
      userFrame([at("stacks/example-program.ts", 72, 5), at("components/example-iam.ts")], REPO, REPO),
      "stacks/example-program.ts:72:5",
    );
    assert.strictEqual(userFrame([at("preview/capture/watch.ts"), at("node_modules/x/index.js")], REPO, REPO), undefined);
  });

  it("a resource's source positions skip the gate's code the same way", () => {
    const uri = (file: string) => `file://${path.join(REPO, file)}`;
    const positions = [
      { uri: uri("preview/capture/awsx/index.ts"), line: 40, column: 9 },
      { uri: uri("stacks/example-program.ts"), line: 41, column: 2 },
    ];
    assert.strictEqual(userPosition(positions, REPO, REPO), "stacks/example-program.ts:41:2");
  });
});
