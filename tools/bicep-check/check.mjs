#!/usr/bin/env node
// Syntax check of every .bicep file under infra/ (or the folders/files given as arguments), with the
// tree-sitter Bicep grammar from npm (prebuilt binaries; no Bicep CLI is needed or available here).
// Prints file:line:column for every ERROR or MISSING node and exits 1 if there is any, 2 if there is
// nothing to check. It proves the files parse, not that Azure accepts them: types, API versions and
// property names are checked only by `bicep build` / `azd provision`.
//
// Usage: node tools/bicep-check/check.mjs [path ...]   (default: the repository's infra folder)

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'tree-sitter';
import Bicep from 'tree-sitter-bicep';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// tree-sitter-bicep 1.1.0 predates the `extension` statement (Bicep 0.30, which replaced `provider` and
// `import` for extensions). Such lines are checked here against the statement's own syntax and blanked
// (same length, so every position stays right) before the rest of the file is parsed.
const extensionStatement = /^extension[ \t]+('[^'\r\n]+'|[A-Za-z_][A-Za-z0-9_]*)([ \t]+as[ \t]+[A-Za-z_][A-Za-z0-9_]*)?[ \t]*(\/\/.*)?$/;

function bicepFiles(path) {
  const stat = statSync(path);
  if (stat.isFile()) {
    return path.endsWith('.bicep') ? [path] : [];
  }

  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.name === 'node_modules' ? [] : bicepFiles(join(path, entry.name))));
}

function blankExtensionStatements(source, problems) {
  const lines = source.split('\n');
  return lines
    .map((line, index) => {
      const text = line.replace(/\r$/, '');
      if (!/^extension\b/.test(text)) {
        return line;
      }

      if (!extensionStatement.test(text)) {
        problems.push({ line: index + 1, column: 1, kind: 'ERROR', text: text.trim() });
      }

      return ' '.repeat(line.length);
    })
    .join('\n');
}

function collectErrors(node, problems, source) {
  if (node.type === 'ERROR' || node.isMissing) {
    const { row, column } = node.startPosition;
    const line = source.split('\n')[row] ?? '';
    problems.push({
      line: row + 1,
      column: column + 1,
      kind: node.isMissing ? `MISSING ${node.type}` : 'ERROR',
      text: line.trim(),
    });
    // One report per broken region: its children are part of the same mistake.
    return;
  }

  if (node.hasError) {
    for (const child of node.children) {
      collectErrors(child, problems, source);
    }
  }
}

function checkFile(parser, file) {
  const original = readFileSync(file, 'utf8');
  const problems = [];
  const source = blankExtensionStatements(original, problems);
  const tree = parser.parse(source);
  collectErrors(tree.rootNode, problems, source);
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function main(argv) {
  // Arguments are relative to the working directory; the default is the repository's infra folder.
  const targets = argv.length > 0 ? argv.map((path) => resolve(path)) : [join(repositoryRoot, 'infra')];
  const absent = targets.filter((target) => !existsSync(target));
  if (absent.length > 0) {
    console.error(`bicep-check: not found: ${absent.join(', ')}`);
    return 2;
  }

  const files = targets.flatMap((target) => bicepFiles(target));
  if (files.length === 0) {
    console.error(`bicep-check: no .bicep files under ${targets.join(', ')}`);
    return 2;
  }

  const parser = new Parser();
  parser.setLanguage(Bicep);

  let failed = 0;
  for (const file of files) {
    const inRepository = relative(repositoryRoot, file);
    const name = inRepository.startsWith('..') || isAbsolute(inRepository) ? file : inRepository;
    const problems = checkFile(parser, file);
    if (problems.length === 0) {
      console.log(`ok    ${name}`);
      continue;
    }

    failed++;
    for (const problem of problems) {
      console.log(`${name}:${problem.line}:${problem.column}: ${problem.kind}: ${problem.text}`);
    }
  }

  console.log(`bicep-check: ${files.length - failed} of ${files.length} files parse without errors`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
