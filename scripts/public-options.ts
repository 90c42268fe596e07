/**
 * Walks the public option types of every package: every exported type of a package entry (each `exports`
 * subpath) whose name ends in `Options`, and every object type of ours that such a property leads to
 * (`BusinessHours`, `RetryPolicy` through `Overrides<RetryPolicy>`, `elevenLabs: { … }`, …). Shared by
 * `undocumented-options.ts` and `optionals-refusing-undefined.ts`.
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

/** One property of a public option type, as the walk meets it. */
export interface OptionProperty {
  /** `Type.property` (`Type.outer.inner` for an anonymous nested object). */
  label: string;
  /** `file:line` of its declaration, relative to the repository. */
  where: string;
  property: ts.Symbol;
  declaration: ts.Declaration;
  checker: ts.TypeChecker;
}

/**
 * Every property of every public option type, each once. `compilerOptions` override the repository's
 * (e.g. `exactOptionalPropertyTypes`, which changes what an optional property's type holds).
 */
export function publicOptionProperties(compilerOptions: ts.CompilerOptions = {}): OptionProperty[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.source.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = ts.createProgram(entryFiles, { ...config.options, ...compilerOptions, noEmit: true });
  const checker = program.getTypeChecker();
  const ours = (node: ts.Node) => {
    const file = node.getSourceFile().fileName;
    return file.startsWith(join(root, 'packages')) && !file.includes('node_modules');
  };
  const found = new Map<string, OptionProperty>();
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
        const source = declaration.getSourceFile();
        const where = `${relative(root, source.fileName)}:${source.getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
        // Keyed by declaration too: the branches of a union may declare a property twice (`from: string` | `from?: undefined`).
        const key = `${label}.${property.name} ${where}`;
        if (!found.has(key)) found.set(key, { label: `${label}.${property.name}`, where, property, declaration, checker });
        const propertyType = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, declaration));
        const named = propertyType.aliasSymbol ?? propertyType.getSymbol();
        // `Overrides<RetryPolicy>` is labelled so, apart from `RetryPolicy` itself (its properties are optional there only).
        const nestedLabel = propertyType.aliasTypeArguments ? checker.typeToString(propertyType) : named && !named.name.startsWith('__') ? named.name : `${label}.${property.name}`;
        // Any object type: only the properties declared in our packages count (`Overrides<RetryPolicy>` yes, `AbortSignal` no).
        walk(propertyType, nestedLabel, depth + 1);
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
  return [...found.values()];
}
