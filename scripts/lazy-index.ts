// Rewrites the package index that jsii compiles (lib/index.js) so that each export
// loads its module the first time it is used. `src/index.ts` re-exports every module
// (`export * from './nag/hardened-checks'`), and TypeScript compiles that to a require
// of each one: importing `SecurityChecklist` then loaded every construct, the
// aws-cdk-lib modules they use, and cdk-nag (about 200 ms on every `cdk synth`; see
// the README's benchmarks). Run after `jsii` by the compile task.
//
// The rewritten index:
// - names every export in `exports.X = void 0` statements, which is how Node's ESM
//   loader finds the named exports of a CommonJS module (`import { X } from ...`);
// - defines each as a getter that requires its module (a literal `require("./x")`, so
//   bundlers still see it) and then replaces itself with the value;
// - keeps `export *` semantics: the first module to export a name wins.
// It is checked against the index it replaces before it is written: the same names,
// each the very same value.
import * as fs from 'fs';
import * as path from 'path';

/** The marker the rewritten index carries (its second line): a second run leaves such an index alone. */
export const LAZY_MARKER = '// cdk-hardened: lazy index';

const EXPORT_STAR = /^__exportStar\(require\("(\.\/[^"]+)"\), exports\);$/;

/** The modules an index compiled from `export * from` lines re-exports, in order. */
export function reExportedModules(source: string): string[] {
  return source
    .split('\n')
    .map((line) => EXPORT_STAR.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[1]);
}

/**
 * The lazy index for the given modules, each with the names it exports, in order (a
 * name exported by two modules is taken from the first, as `export *` does).
 */
export function lazyIndexSource(modules: ReadonlyArray<{ module: string; names: readonly string[] }>): string {
  const seen = new Set<string>();
  const entries: Array<[string, string]> = [];
  for (const { module, names } of modules) {
    for (const name of names) {
      if (name === 'default' || name === '__esModule' || seen.has(name)) continue;
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new Error(`lazy-index: ${module} exports '${name}', which is not an identifier`);
      seen.add(name);
      entries.push([name, module]);
    }
  }
  const lines = [
    '"use strict";',
    LAZY_MARKER,
    '// (written by scripts/lazy-index.ts from the index jsii compiled: each export loads its module on first use)',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    ...entries.map(([name]) => `exports.${name} = void 0;`),
    'function lazy(name, load) {',
    '  Object.defineProperty(exports, name, {',
    '    enumerable: true,',
    '    configurable: true,',
    '    get() {',
    '      const value = load()[name];',
    '      Object.defineProperty(exports, name, { enumerable: true, configurable: true, value });',
    '      return value;',
    '    },',
    '  });',
    '}',
    ...entries.map(([name, module]) => `lazy(${JSON.stringify(name)}, () => require(${JSON.stringify(module)}));`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Rewrites `<libDir>/index.js` in place. Returns false when it is lazy already. Throws,
 * naming the problem, when the index holds anything but `export *` lines or the lazy
 * index would not export exactly what the compiled one does.
 */
export function rewriteIndex(libDir: string): boolean {
  const file = path.join(libDir, 'index.js');
  const source = fs.readFileSync(file, 'utf-8');
  if (source.includes(LAZY_MARKER)) return false;
  const modules = reExportedModules(source);
  if (modules.length === 0) {
    throw new Error(`lazy-index: ${file} has no \`export * from\` lines; src/index.ts must re-export its modules with \`export * from './module'\``);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (module: string) => require(path.resolve(libDir, module));
  const withNames = modules.map((module) => ({ module, names: Object.keys(load(module)) }));
  const lazy = lazyIndexSource(withNames);

  // The compiled index, loaded as it is, is the reference the lazy one must match.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const eager = require(path.resolve(file));
  const expected = Object.keys(eager).sort();
  const lazyExports: Record<string, unknown> = {};
  new Function('exports', 'require', lazy)(lazyExports, (m: string) => load(m));
  const actual = Object.keys(lazyExports).sort();
  if (expected.join(',') !== actual.join(',')) {
    throw new Error(
      `lazy-index: the lazy index would export [${actual.join(', ')}] but ${file} exports [${expected.join(', ')}]; ` +
        'src/index.ts may hold only `export * from` lines',
    );
  }
  for (const name of expected) {
    if (lazyExports[name] !== eager[name]) throw new Error(`lazy-index: the lazy index gives another value for '${name}' than ${file}`);
  }
  fs.writeFileSync(file, lazy);
  return true;
}

if (require.main === module) {
  const libDir = path.resolve(__dirname, '..', 'lib');
  try {
    const written = rewriteIndex(libDir);
    console.log(written ? 'lazy-index: lib/index.js now loads each module on first use' : 'lazy-index: lib/index.js is lazy already');
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
