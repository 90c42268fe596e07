/**
 * Lists every optional property of a public option type (see `public-options.ts`) that refuses an
 * explicit `undefined` under `exactOptionalPropertyTypes` — declared `foo?: T` rather than
 * `foo?: T | undefined` — so that `{ foo: process.env.FOO }` fails to compile in a user's strict project.
 * Optional methods count in option types (`personalNames`), not on the ports a user implements (`confirm?(…)`).
 *
 * Run: `node --import tsx scripts/optionals-refusing-undefined.ts` (exits 1 and lists them);
 * `test/optional-options-accept-undefined.test.ts` runs it.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { publicOptionProperties } from './public-options.js';

const isMethod = (declaration: ts.Declaration) => ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration);

/** The optional properties walked (`Type.property`), and those whose type has no `undefined`, with where each is declared. */
export function optionalsRefusingUndefined(): { optional: string[]; refusing: string[] } {
  // Under exactOptionalPropertyTypes an optional property's type holds a "missing" marker, distinct
  // from the real `undefined` type that `| undefined` (or `any`, `unknown`) brings.
  const properties = publicOptionProperties({ exactOptionalPropertyTypes: true, strict: true })
    .filter(({ label, property, declaration }) => property.flags & ts.SymbolFlags.Optional && (!isMethod(declaration) || /(Options|^(Overrides|Partial)<.*>)$/.test(label.slice(0, label.lastIndexOf('.')))));
  const refusing = properties.filter(({ property, checker }) => {
    const type = checker.getTypeOfSymbol(property);
    return !(type.isUnion() ? type.types : [type]).some((t) => t === checker.getUndefinedType() || t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown));
  });
  return { optional: [...new Set(properties.map(({ label }) => label))].sort(), refusing: refusing.map(({ label, where }) => `${label} (${where})`).sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { optional, refusing } = optionalsRefusingUndefined();
  for (const line of refusing) console.log(line);
  console.log(`${refusing.length} of ${optional.length} optional public option properties refuse an explicit undefined.`);
  process.exitCode = refusing.length > 0 ? 1 : 0;
}
