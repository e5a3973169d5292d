// Source maps of the transpiled files, used only for a location that is shown: a stack trace stays V8's own,
// cheap text, and a file's map, its JavaScript and its TypeScript are read the first time one of its
// positions is asked for (the run watch asks for the position of each resource the program creates, so the
// maps of the files that create resources are parsed once per run; no other stack is ever mapped).
"use strict";
const fs = require("fs");
const { SourceMap } = require("module");
const { fileURLToPath } = require("url");

/** filename → where its map and JavaScript are ({ mapFile, codeFile } or { mapText, code }), then the parsed form. */
const files = new Map();

function remember(filename, where) {
  files.set(filename, where);
}

function lines(text) {
  return text.split(/\r?\n/);
}

function loaded(filename) {
  const entry = files.get(filename);
  if (entry === undefined || entry.map) return entry;
  try {
    const map = new SourceMap(JSON.parse(entry.mapText ?? fs.readFileSync(entry.mapFile, "utf8")));
    const generated = lines(entry.code ?? fs.readFileSync(entry.codeFile, "utf8"));
    const original = lines(fs.readFileSync(filename, "utf8"));
    const ready = { map, generated, original };
    files.set(filename, ready);
    return ready;
  } catch {
    files.delete(filename);
    return undefined;
  }
}

/**
 * The TypeScript position of a position (1-based line and column, as in a stack trace) in transpiled
 * `file`; undefined when the file was not transpiled here or the position has no mapping on its line.
 * esbuild maps tokens, not every character: a position between two mappings (say the backtick of a tagged
 * template) keeps its distance from the mapping before it when the text between them is unchanged, so a
 * column reads as it would in the TypeScript.
 */
function originalPosition(file, line, column) {
  const state = loaded(file);
  if (!state) return undefined;
  const entry = state.map.findEntry(line - 1, column - 1);
  if (entry.originalLine === undefined || entry.generatedLine !== line - 1) return undefined;
  const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : entry.originalSource;
  const between = (state.generated[entry.generatedLine] ?? "").slice(entry.generatedColumn, column - 1);
  const same = source === file && (state.original[entry.originalLine] ?? "").startsWith(between, entry.originalColumn);
  return { file: source, line: entry.originalLine + 1, column: entry.originalColumn + 1 + (same ? between.length : 0) };
}

const FRAME = /((?:file:\/\/)?\/[^():\s]+\.ts):(\d+):(\d+)/g;

/** An `Error.stack` text with every transpiled position replaced by its TypeScript one. */
function mapStack(stack) {
  if (typeof stack !== "string") return stack;
  return stack.replace(FRAME, (whole, file, line, column) => {
    const plain = file.startsWith("file:") ? fileURLToPath(file) : file;
    const original = originalPosition(plain, Number(line), Number(column));
    return original ? `${original.file}:${original.line}:${original.column}` : whole;
  });
}

module.exports = { remember, originalPosition, mapStack };
