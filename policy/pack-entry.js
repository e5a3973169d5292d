// The pack's `main`, required by the Pulumi CLI's run-policy-pack (which has registered ts-node). Starts the
// compiled pack (dist/index.js) only when the build manifest proves it was built from exactly these sources, else
// the TypeScript source (index.ts), type-checked by ts-node as for any Node.js pack. See ./compiled.js.
"use strict";
require(require("./compiled").chooseEntry(__dirname).file);
