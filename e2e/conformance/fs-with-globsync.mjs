// node:fs plus globSync, for Node 20 (see node20-globsync-shim.mjs). Supports what the conformance
// CLI uses: string or array patterns with `*`, `**` and `?`, and options.cwd (string or file URL).
// Returns paths relative to cwd, with the platform's separator, as Node 22's fs.globSync does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export * from 'node:fs';
export default fs;

function toRegExp(pattern) {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else {
        source += '.*';
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

export function globSync(pattern, options = {}) {
  const cwd = options.cwd instanceof URL ? fileURLToPath(options.cwd) : String(options.cwd ?? process.cwd());
  const matchers = (Array.isArray(pattern) ? pattern : [pattern]).map(toRegExp);
  let entries;
  try {
    entries = fs.readdirSync(cwd, { recursive: true });
  } catch {
    return [];
  }
  return entries
    .map((entry) => String(entry).split(path.sep).join('/'))
    .filter((relative) => matchers.some((m) => m.test(relative)))
    .map((relative) => relative.split('/').join(path.sep));
}
