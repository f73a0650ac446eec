// One measurement in a fresh process: `measure.ts <resources> <mode> <outdir> [units per stack]`.
// Prints one JSON line: synth time, engine time (mode 'engine'), peak memory.
import { performance } from 'perf_hooks';
import { buildApp, Mode } from './app';

const [resources, mode, outdir] = [Number(process.argv[2]), process.argv[3] as Mode | 'engine' | 'render' | 'rules', process.argv[4]];
if (mode === 'rules') {
  // The rules alone on plain JSON: read and parse the templates of a cdk.out (`outdir`)
  // and run every rule once, cold, as the plugin and the CLI do.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { templateFromObject } = require('../src/checklist/template');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runChecklist } = require('../src/checklist/engine');
  const files: string[] = fs.readdirSync(outdir).filter((f: string) => f.endsWith('.template.json'));
  const t0 = performance.now();
  const templates = files.map((f) => templateFromObject(JSON.parse(fs.readFileSync(`${outdir}/${f}`, 'utf-8')), f, f));
  const result = runChecklist(templates, {});
  const rulesMs = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ synthMs: 0, engineMs: rulesMs, findings: result.findings.length, resourceCount: result.resources, maxRssMb }));
  process.exit(0);
}
const unitsPerStack = process.argv[5] ? Number(process.argv[5]) : undefined;
const app = buildApp(resources, outdir, mode === 'engine' || mode === 'render' ? 'bare' : mode, unitsPerStack);
const t0 = performance.now();
app.synth();
const synthMs = performance.now() - t0;
let engineMs: number | undefined;
let findings: number | undefined;
let resourceCount: number | undefined;
if (mode === 'engine') {
  // The aspect's own work on the final tree: model the stacks (lazy) and run every rule.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { templatesFromConstruct } = require('../src/checklist/cdk-source');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runChecklist } = require('../src/checklist/engine');
  const t1 = performance.now();
  const result = runChecklist(templatesFromConstruct(app), {});
  engineMs = performance.now() - t1;
  findings = result.findings.length;
  resourceCount = result.resources;
}
if (mode === 'render') {
  // aws-cdk-lib's own cost of rendering every resource of the final tree (what the
  // aspect pays before any rule runs, because SEC3 reads every property).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { templatesFromConstruct } = require('../src/checklist/cdk-source');
  const t1 = performance.now();
  let count = 0;
  for (const t of templatesFromConstruct(app)) {
    for (const r of t.resources) {
      if (r.definition) count++;
    }
  }
  engineMs = performance.now() - t1;
  resourceCount = count;
}
process.exitCode = 0;
console.log(JSON.stringify({ synthMs, engineMs, findings, resourceCount, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
