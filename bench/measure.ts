// One measurement in a fresh process: `measure.ts <resources> <mode> <outdir>`.
// Prints one JSON line: synth time, engine time (mode 'engine'), peak memory.
import { performance } from 'perf_hooks';
import { buildApp, Mode } from './app';

const [resources, mode, outdir] = [Number(process.argv[2]), process.argv[3] as Mode | 'engine', process.argv[4]];
const app = buildApp(resources, outdir, mode === 'engine' ? 'bare' : mode);
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
process.exitCode = 0;
console.log(JSON.stringify({ synthMs, engineMs, findings, resourceCount, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
