/**
 * Lists every property of a public option type (see `public-options.ts`) that has no TSDoc.
 *
 * Run: `node --import tsx scripts/undocumented-options.ts` (exits 1 and lists them); `test/tsdoc-options.test.ts` runs it.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { publicOptionProperties } from './public-options.js';

/** Every public option property walked (`Type.property`), and those without TSDoc, with where each is declared. */
export function undocumentedOptions(): { checked: string[]; missing: string[] } {
  const properties = publicOptionProperties();
  const missing = properties
    .filter(({ property, checker }) => ts.displayPartsToString(property.getDocumentationComment(checker)).trim() === '')
    .map(({ label, where }) => `${label} (${where})`);
  return { checked: [...new Set(properties.map(({ label }) => label))].sort(), missing: [...new Set(missing)].sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { checked, missing } = undocumentedOptions();
  for (const line of missing) console.log(line);
  console.log(`${missing.length} of ${checked.length} public option properties without TSDoc.`);
  process.exitCode = missing.length > 0 ? 1 : 0;
}
