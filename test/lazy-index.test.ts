import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LAZY_MARKER, lazyIndexSource, reExportedModules, rewriteIndex } from '../scripts/lazy-index';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = (file: string) => require(file);

/** Evaluates an index's source with modules given as objects; records which modules it loads. */
function evaluate(source: string, modules: Record<string, Record<string, unknown>>) {
  const loaded: string[] = [];
  const exports: Record<string, unknown> = {};
  const fakeRequire = (m: string) => {
    loaded.push(m);
    if (!(m in modules)) throw new Error(`no module ${m}`);
    return modules[m];
  };
  new Function('exports', 'require', source)(exports, fakeRequire);
  return { exports, loaded };
}

// What TypeScript writes for `export * from './a'; export * from './b';` (the helpers shortened).
const COMPILED_INDEX = [
  '"use strict";',
  'var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {',
  '    if (k2 === undefined) k2 = k;',
  '    Object.defineProperty(o, k2, { enumerable: true, get: function() { return m[k]; } });',
  '}) : (function(o, m, k, k2) { o[k2 === undefined ? k : k2] = m[k]; }));',
  'var __exportStar = (this && this.__exportStar) || function(m, exports) {',
  '    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);',
  '};',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  '__exportStar(require("./a"), exports);',
  '__exportStar(require("./sub/b"), exports);',
  '',
].join('\n');

describe('the lazy package index', () => {
  test('finds the modules a compiled index re-exports, in order', () => {
    expect(reExportedModules(COMPILED_INDEX)).toEqual(['./a', './sub/b']);
  });

  test('loads no module until an export is used, then only that export\'s module, once', () => {
    const A = class A {};
    const B = class B {};
    const source = lazyIndexSource([
      { module: './a', names: ['A', 'helper'] },
      { module: './sub/b', names: ['B'] },
    ]);
    const { exports, loaded } = evaluate(source, { './a': { A, helper: 1 }, './sub/b': { B } });
    expect(Object.keys(exports)).toEqual(['A', 'helper', 'B']);
    expect(loaded).toEqual([]);
    expect(exports.B).toBe(B);
    expect(loaded).toEqual(['./sub/b']);
    expect(exports.B).toBe(B);
    // The getter replaced itself with the value: a second use loads nothing.
    expect(loaded).toEqual(['./sub/b']);
    expect(Object.getOwnPropertyDescriptor(exports, 'B')).toMatchObject({ value: B, enumerable: true });
    expect(exports.A).toBe(A);
    expect(loaded).toEqual(['./sub/b', './a']);
  });

  test('a name two modules export comes from the first, as with `export *`', () => {
    const source = lazyIndexSource([
      { module: './a', names: ['Shared'] },
      { module: './b', names: ['Shared', 'Other'] },
    ]);
    const { exports } = evaluate(source, { './a': { Shared: 'from a' }, './b': { Shared: 'from b', Other: 2 } });
    expect(exports.Shared).toBe('from a');
    expect(exports.Other).toBe(2);
  });

  test('names every export in `exports.X = void 0` (how Node finds a CommonJS module\'s named exports) and requires each module by a literal path', () => {
    const source = lazyIndexSource([{ module: './a', names: ['A', 'default', '__esModule'] }]);
    expect(source).toContain('exports.A = void 0;');
    expect(source).toContain('lazy("A", () => require("./a"));');
    expect(source).not.toContain('exports.default');
    expect(source.startsWith(`"use strict";\n${LAZY_MARKER}`)).toBe(true);
  });

  test('refuses an export name that is not an identifier', () => {
    expect(() => lazyIndexSource([{ module: './a', names: ['not-a-name'] }])).toThrow(/\.\/a exports 'not-a-name', which is not an identifier/);
  });

  describe('rewriting a compiled index on disk', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-index-'));
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'a.js'), 'exports.A = class A {}; exports.helper = 1;');
      fs.writeFileSync(path.join(dir, 'sub', 'b.js'), 'exports.B = class B {}; exports.helper = 2;');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('writes an index that exports the same values, and leaves it alone the second time', () => {
      fs.writeFileSync(path.join(dir, 'index.js'), COMPILED_INDEX);
      expect(rewriteIndex(dir)).toBe(true);
      const written = fs.readFileSync(path.join(dir, 'index.js'), 'utf-8');
      expect(written).toContain(LAZY_MARKER);
      const { exports, loaded } = evaluate(written, { './a': load(path.join(dir, 'a.js')), './sub/b': load(path.join(dir, 'sub', 'b.js')) });
      expect(Object.keys(exports)).toEqual(['A', 'helper', 'B']);
      expect(exports.helper).toBe(1);
      expect(exports.B).toBe(load(path.join(dir, 'sub', 'b.js')).B);
      expect(loaded).toEqual(['./a', './sub/b']);
      expect(rewriteIndex(dir)).toBe(false);
      expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf-8')).toBe(written);
    });

    test('refuses an index that exports more than its `export *` lines (it would drop it)', () => {
      fs.writeFileSync(path.join(dir, 'index.js'), `${COMPILED_INDEX}exports.VERSION = "1";\n`);
      expect(() => rewriteIndex(dir)).toThrow(/would export \[A, B, helper\] but .*index\.js exports \[A, B, VERSION, helper\]; src\/index\.ts may hold only `export \* from` lines/);
      expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf-8')).not.toContain(LAZY_MARKER);
    });

    test('refuses an index without `export *` lines, saying what src/index.ts must hold', () => {
      fs.writeFileSync(path.join(dir, 'index.js'), '"use strict";\nexports.A = require("./a").A;\n');
      expect(() => rewriteIndex(dir)).toThrow(/has no `export \* from` lines; src\/index\.ts must re-export its modules/);
    });
  });
});

describe('the built package (lib/, written by `npx projen compile`)', () => {
  const lib = path.resolve(__dirname, '..', 'lib');
  const indexFile = path.join(lib, 'index.js');

  /** Runs a script in a fresh node process and returns what it prints as JSON. */
  function inFreshNode(script: string, args: string[] = []): any {
    return JSON.parse(execFileSync(process.execPath, [...args, '-e', script], { encoding: 'utf-8', cwd: path.dirname(lib) }));
  }

  beforeAll(() => {
    if (!fs.existsSync(indexFile)) throw new Error(`${indexFile} is missing: run \`npx projen compile\` before the tests (\`npx projen build\` does)`);
  });

  test('is lazy: importing it loads neither the constructs nor cdk-nag until they are used', () => {
    const loaded = inFreshNode(`
      const before = new Set(Object.keys(require.cache));
      const h = require(${JSON.stringify(lib)});
      const mine = () => Object.keys(require.cache).filter((k) => !before.has(k));
      const nag = () => mine().some((k) => k.includes('/node_modules/cdk-nag/'));
      const construct = () => mine().some((k) => k.includes('/lib/constructs/'));
      const out = { onImport: mine().map((k) => k.slice(${JSON.stringify(lib)}.length)) };
      out.checklist = typeof h.SecurityChecklist;
      out.afterChecklist = { nag: nag(), constructs: construct() };
      out.nagPack = typeof h.HardenedChecks;
      out.afterNagPack = { nag: nag(), constructs: construct() };
      console.log(JSON.stringify(out));
    `);
    expect(loaded.onImport).toEqual(['/index.js']);
    expect(loaded.checklist).toBe('function');
    expect(loaded.afterChecklist).toEqual({ nag: false, constructs: false });
    expect(loaded.nagPack).toBe('function');
    expect(loaded.afterNagPack.nag).toBe(true);
  });

  test('exports every type of the jsii assembly, each the class its module defines', () => {
    const assembly = JSON.parse(fs.readFileSync(path.resolve(lib, '..', '.jsii'), 'utf-8'));
    // Interfaces exist only as types; classes and enums are values.
    const values = Object.values<any>(assembly.types)
      .filter((t) => t.kind !== 'interface')
      .map((t) => ({ name: t.name as string, file: (t.locationInModule.filename as string).replace(/^src\//, '').replace(/\.ts$/, '') }));
    expect(values.length).toBeGreaterThan(10);
    const same = inFreshNode(`
      const h = require(${JSON.stringify(lib)});
      const values = ${JSON.stringify(values)};
      console.log(JSON.stringify(values.filter((v) => h[v.name] === undefined || h[v.name] !== require(${JSON.stringify(lib)} + '/' + v.file)[v.name]).map((v) => v.name)));
    `);
    expect(same).toEqual([]);
  });

  test('gives its named exports to ES module imports', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import { SecurityChecklist, Severity } from ${JSON.stringify(indexFile)}; console.log(typeof SecurityChecklist, Severity.ERROR);`],
      { encoding: 'utf-8' },
    );
    expect(out.trim()).toBe('function error');
  });
});
