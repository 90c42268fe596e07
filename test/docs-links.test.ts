/**
 * Every relative link of the documentation resolves: README.md, docs/*.md and the packages' and examples'
 * READMEs link to files and folders that exist, and a `#fragment` names a heading of the target (as GitHub
 * makes heading anchors). Links inside code blocks and to other sites are not followed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function markdownFiles(): string[] {
  const inDir = (dir: string) => (existsSync(join(root, dir)) ? readdirSync(join(root, dir)).map((name) => join(root, dir, name)) : []);
  const docs = inDir('docs').filter((file) => file.endsWith('.md'));
  const readmes = [...inDir('packages'), ...inDir('examples')].map((dir) => join(dir, 'README.md')).filter((file) => existsSync(file));
  return [join(root, 'README.md'), ...docs, ...readmes];
}

/** The Markdown outside fenced code blocks and inline code spans. */
function prose(text: string): string {
  return text.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** The link targets of a Markdown file: `[text](target)` and `<img src="target">`. */
function linkTargets(text: string): string[] {
  const body = prose(text);
  return [...body.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...body.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]!);
}

/** GitHub's anchor for a heading (github-slugger): lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings, numbered as GitHub numbers repeats (`x`, `x-1`, …). */
function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const match of prose(readFileSync(file, 'utf8').replace(/`([^`\n]*)`/g, '$1')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    found.add(count === 0 ? base : `${base}-${count}`);
  }
  return found;
}

/** What is wrong with one link of `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
  const [path, fragment] = target.split('#') as [string, string | undefined];
  const resolved = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
  if (!existsSync(resolved)) return `${target}: no such file`;
  if (fragment === undefined || fragment === '') return undefined;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return `${target}: a fragment on a file that is not Markdown`;
  return anchors(resolved).has(fragment.toLowerCase()) ? undefined : `${target}: no heading with that anchor in ${relative(root, resolved)}`;
}

describe('documentation links', () => {
  const files = markdownFiles();

  it('reads the README, docs/ and the packages’ READMEs', () => {
    const names = files.map((file) => relative(root, file));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'docs/options.md', 'packages/core/README.md']));
  });

  it('every relative link resolves to a file, and every fragment to a heading', () => {
    const broken = files.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const problem = brokenLink(file, target);
        return problem ? [`${relative(root, file)}: ${problem}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });

  it('would catch a missing file and a missing heading (the check itself works)', () => {
    const readme = join(root, 'README.md');
    expect(brokenLink(readme, 'docs/no-such-page.md')).toMatch(/no such file/);
    expect(brokenLink(readme, 'docs/options.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenLink(readme, 'docs/bench.md#pnpm-faultskill-load-and-sigkill')).toBeUndefined();
    expect(brokenLink(readme, '#quick-start')).toBeUndefined();
    expect(linkTargets('[a](x.md) `[b](y.md)`\n```\n[c](z.md)\n```\n<img src="p.svg">')).toEqual(['x.md', 'p.svg']);
  });
});
