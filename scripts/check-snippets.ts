/**
 * Type-checks every TypeScript snippet of the documentation, so that snippets cannot drift from the API.
 *
 * Extracts each ```ts (or ```typescript) block of README.md, docs/*.md, packages/*\/README.md and
 * examples/*\/README.md into .tmp/snippets/ as its own ES module, and runs tsc over them against the
 * packages' source (tsconfig.source.json paths). Errors are reported at the Markdown line.
 *
 * - A ```js (or ```javascript) block is checked as JavaScript (checkJs): as CommonJS (`.cjs`) when it
 *   calls `require(`, else as an ES module (`.mjs`) — so the README's CommonJS snippet is checked too.
 *
 * - A block fenced as ```ts ignore is skipped: use it sparingly, for deliberately partial fragments.
 * - A snippet whose first line is a comment naming a file (`// pipelines.ts: …`) is written under
 *   that name, so the other snippets of the same Markdown file can import it (`./pipelines.js`).
 * - Snippets may use the placeholders declared in docs/snippet-globals.d.ts (an existing `store`,
 *   `calls`, `appointments`, …), typed with the real API types.
 *
 * Run: `pnpm check:snippets` (node --import tsx scripts/check-snippets.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, '.tmp/snippets');

/** One extracted block: where it came from and its code. */
interface Snippet {
  source: string;
  /** 1-based Markdown line of the block's first code line. */
  line: number;
  code: string;
  /** The file extension it is checked as: TypeScript, or JavaScript as CommonJS or ES module. */
  ext: '.ts' | '.cjs' | '.mjs';
}

function markdownFiles(): string[] {
  const inDir = (dir: string, pick: (name: string) => boolean) =>
    existsSync(join(root, dir)) ? readdirSync(join(root, dir)).filter(pick).map((name) => join(dir, name)) : [];
  const readmes = (dir: string) => inDir(dir, () => true).map((pkg) => join(pkg, 'README.md')).filter((file) => existsSync(join(root, file)));
  return ['README.md', ...inDir('docs', (name) => name.endsWith('.md')), ...readmes('packages'), ...readmes('examples')];
}

/** The ```ts and ```js blocks of one Markdown file (indented blocks inside lists included). */
function extractSnippets(source: string, text: string): { snippets: Snippet[]; ignored: number } {
  const lines = text.split('\n');
  const snippets: Snippet[] = [];
  let ignored = 0;
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript|js|javascript)(\s+ignore)?\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    const code = lines.slice(start, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    const ext = open[2]!.startsWith('t') ? '.ts' : /\brequire\(/.test(code) ? '.cjs' : '.mjs';
    if (open[3]) ignored++;
    else snippets.push({ source, line: start + 1, code, ext });
    i = end;
  }
  return { snippets, ignored };
}

function main(): number {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const files = new Map<string, Snippet>();
  let ignored = 0;
  for (const source of markdownFiles()) {
    const found = extractSnippets(source, readFileSync(join(root, source), 'utf8'));
    ignored += found.ignored;
    const dir = source.replace(/[^A-Za-z0-9]+/g, '_');
    mkdirSync(join(out, dir), { recursive: true });
    found.snippets.forEach((snippet, n) => {
      const named = snippet.ext === '.ts' ? /^\/\/ ([\w.-]+\.ts)\b/.exec(snippet.code)?.[1] : undefined;
      const name = `${dir}/${named ?? `snippet-${n + 1}${snippet.ext}`}`;
      // `export {}` makes every snippet its own module, so names never clash between snippets (.cjs and .mjs
      // files are modules by their extension).
      writeFileSync(join(out, name), snippet.ext === '.ts' ? `${snippet.code}\nexport {};\n` : `${snippet.code}\n`);
      files.set(name, snippet);
    });
  }
  copyFileSync(join(root, 'docs/snippet-globals.d.ts'), join(out, 'snippet-globals.d.ts'));
  writeFileSync(join(out, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(out, 'tsconfig.json'),
    JSON.stringify({ extends: relative(out, join(root, 'tsconfig.source.json')), compilerOptions: { noEmit: true, noUnusedLocals: false, allowJs: true, checkJs: true }, include: ['**/*.ts', '**/*.cjs', '**/*.mjs'] }, null, 2),
  );

  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
  const output = `${tsc.stdout}${tsc.stderr}`;
  let errors = 0;
  for (const raw of output.split('\n').filter(Boolean)) {
    const match = /^(.*?)\((\d+),(\d+)\): (error .*)$/.exec(raw);
    const snippet = match && files.get(relative(out, join(root, match[1]!)).replaceAll('\\', '/'));
    if (match && snippet) {
      errors++;
      console.error(`${snippet.source}:${snippet.line + Number(match[2]) - 1}:${match[3]} ${match[4]}`);
    } else if (/error/.test(raw)) {
      errors++;
      console.error(raw);
    }
  }
  const checked = `${files.size} TypeScript and JavaScript snippets from ${new Set([...files.values()].map((s) => s.source)).size} Markdown files (${ignored} marked ignore)`;
  if (tsc.status !== 0 || errors > 0) {
    console.error(`\nSnippets: ${errors || 'some'} type errors in ${checked}. Fix the snippet or the API (files in ${relative(root, out)}).`);
    return 1;
  }
  console.log(`Snippets: ${checked} type-check.`);
  return 0;
}

process.exit(main());
