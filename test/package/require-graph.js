// Preloaded with `node -r` by test/package/policy-pack.spec.ts: for every module that a file under
// $DOCKYARD_GRAPH_ROOT (outside its node_modules) loads, appends { from, request, resolved | error } to
// $DOCKYARD_GRAPH_FILE, so the test can prove what the installed pack reached.
"use strict";
const Module = require("node:module");
const fs = require("node:fs");

const root = process.env.DOCKYARD_GRAPH_ROOT;
const out = process.env.DOCKYARD_GRAPH_FILE;
const original = Module._resolveFilename;

Module._resolveFilename = function resolveAndRecord(request, parent, ...rest) {
  const from = parent && parent.filename;
  const watched = typeof from === "string" && from.startsWith(`${root}/`) && !from.includes("/node_modules/");
  try {
    const resolved = original.call(this, request, parent, ...rest);
    if (watched) fs.appendFileSync(out, `${JSON.stringify({ from, request, resolved })}\n`);
    return resolved;
  } catch (error) {
    if (watched) fs.appendFileSync(out, `${JSON.stringify({ from, request, error: String(error && error.message) })}\n`);
    throw error;
  }
};
