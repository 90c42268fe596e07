/**
 * Lists every property of a public option type that has no TSDoc. "Public option type": an exported type
 * of a package entry (each `exports` subpath) whose name ends in `Options`, and every object type of ours
 * that such a property leads to (`BusinessHours`, `RetryPolicy`, `elevenLabs: { … }`, …).
 *
 * Run: `node --import tsx scripts/undocumented-options.ts` (exits 1 and lists them); `test/tsdoc-options.test.ts` runs it.
 */
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The entry file of every public subpath of every package. */
export const entryFiles = [
  'packages/core/src/index.ts',
  ...['testing', 'assemblyai', 'slack', 'exotel', 'google-calendar', 'twilio', 'nodemailer'].map((name) => `packages/core/src/entries/${name}.ts`),
  'packages/store-sqlite/src/index.ts',
  'packages/store-postgres/src/index.ts',
  'packages/adapter-express/src/index.ts',
  'packages/adapter-lambda/src/index.ts',
  'packages/adapter-lambda/src/testing.ts',
].map((file) => join(root, file));

/** Every public option property walked (`Type.property`), and those without TSDoc, with where each is declared. */
export function undocumentedOptions(): { checked: string[]; missing: string[] } {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.source.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(entryFiles, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const ours = (node: ts.Node) => {
    const file = node.getSourceFile().fileName;
    return file.startsWith(join(root, 'packages')) && !file.includes('node_modules');
  };
  const missing = new Set<string>();
  const checked = new Set<string>();
  const seen = new Set<ts.Type>();

  const walk = (type: ts.Type, label: string, depth: number): void => {
    if (depth > 4 || seen.has(type)) return;
    seen.add(type);
    const parts = type.isUnionOrIntersection() ? type.types : [type];
    for (const part of parts) {
      if (part.isUnionOrIntersection()) {
        walk(part, label, depth);
        continue;
      }
      if (!(part.flags & ts.TypeFlags.Object) || checker.getSignaturesOfType(part, ts.SignatureKind.Call).length > 0) continue;
      if (checker.isArrayType(part) || checker.isTupleType(part)) continue;
      for (const property of checker.getPropertiesOfType(part)) {
        const declaration = property.valueDeclaration ?? property.declarations?.[0];
        if (!declaration || !ours(declaration)) continue;
        checked.add(`${label}.${property.name}`);
        const where = `${relative(root, declaration.getSourceFile().fileName)}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
        if (ts.displayPartsToString(property.getDocumentationComment(checker)).trim() === '') missing.add(`${label}.${property.name} (${where})`);
        const propertyType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, declaration));
        const named = propertyType.aliasSymbol ?? propertyType.getSymbol();
        const nestedLabel = named && !named.name.startsWith('__') ? named.name : `${label}.${property.name}`;
        const isOurs = [propertyType, ...(propertyType.isUnionOrIntersection() ? propertyType.types : [])].some((t) => (t.aliasSymbol ?? t.getSymbol())?.declarations?.some(ours));
        if (isOurs) walk(propertyType, nestedLabel, depth + 1);
      }
    }
  };

  for (const file of entryFiles) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`Cannot read the exports of ${file}`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!exported.name.endsWith('Options') || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
      walk(checker.getDeclaredTypeOfSymbol(symbol), exported.name, 0);
    }
  }
  return { checked: [...checked].sort(), missing: [...missing].sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { checked, missing } = undocumentedOptions();
  for (const line of missing) console.log(line);
  console.log(`${missing.length} of ${checked.length} public option properties without TSDoc.`);
  process.exitCode = missing.length > 0 ? 1 : 0;
}
