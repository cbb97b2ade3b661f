// Lets @modelcontextprotocol/conformance run on Node 20.
//
// Its bundle does `import { globSync } from "fs"`; fs.globSync only exists from Node 22, and the named
// exports of a built-in ESM module are fixed before any user code runs, so assigning fs.globSync is too late.
// Instead this file registers a module resolve hook (node:module register) that answers every import of
// `fs` / `node:fs` with ./fs-with-globsync.mjs: all of node:fs plus a small globSync.
//
// Usage: node --import ./e2e/conformance/node20-globsync-shim.mjs node_modules/@modelcontextprotocol/conformance/dist/index.js ...
// (or NODE_OPTIONS=--import=<file URL of this file>). On Node 22 and later it does nothing.
import fs from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const facadeUrl = new URL('./fs-with-globsync.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  // The facade itself imports the real node:fs.
  if ((specifier === 'fs' || specifier === 'node:fs') && context.parentURL !== facadeUrl) {
    return { url: facadeUrl, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

// This same file is loaded again as the hooks module on the loader thread; register only from the main thread.
if (isMainThread && typeof fs.globSync !== 'function') {
  register(import.meta.url);
}
