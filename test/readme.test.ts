import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The README's TypeScript examples are what users copy: each one that starts with its
// imports must type-check against the library as it is. A fragment that uses `this` (the
// body of a construct) is checked as the body of a function whose `this` is a Construct;
// the context it assumes (`app`, `certificate`, ...) is given by its own `declare const` lines.

const ROOT = path.resolve(__dirname, '..');
/** Inside node_modules, so that the examples resolve aws-cdk-lib, constructs and cdk-nag as an app would. */
const DIR = path.join(ROOT, 'node_modules', '.cache', 'cdk-hardened-readme');

interface Example {
  readonly line: number;
  readonly file: string;
}

function examples(): Example[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const out: Example[] = [];
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const src = path.relative(DIR, path.join(ROOT, 'src')).split(path.sep).join('/');
  for (const m of readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const code = m[1];
    if (!code.startsWith('import ')) continue;
    const line = readme.slice(0, m.index).split('\n').length + 1;
    const lines = code.replace(/from 'cdk-hardened'/g, `from '${src}'`).split('\n');
    const top = lines.filter((l) => l.startsWith('import ') || l.startsWith('declare '));
    const body = lines.filter((l) => !(l.startsWith('import ') || l.startsWith('declare ')));
    const fragment = !/^(export )?class /m.test(code) && /\bthis\b/.test(code);
    const text = fragment
      ? [...top, "import { Construct as ReadmeConstruct } from 'constructs';", 'export function example(this: ReadmeConstruct) {', ...body, '}'].join('\n')
      : [...top, ...body, 'export {};'].join('\n');
    const file = path.join(DIR, `readme-line-${line}.ts`);
    fs.writeFileSync(file, text + '\n');
    out.push({ line, file });
  }
  return out;
}

test('every README TypeScript example that starts with its imports type-checks', () => {
  const list = examples();
  expect(list.length).toBeGreaterThanOrEqual(13);
  const program = ts.createProgram(
    list.map((e) => e.file),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      skipLibCheck: true,
      types: ['node'],
    },
  );
  const problems: string[] = [];
  for (const e of list) {
    const sf = program.getSourceFile(e.file)!;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const at = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      problems.push(`README example at line ${e.line} (generated line ${at}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  expect(problems).toEqual([]);
});
