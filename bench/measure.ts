// One measurement in a fresh process: `measure.ts <resources> <mode> <outdir> [units per stack]`.
// Prints one JSON line: synth time, engine time (modes 'engine' and 'rules'), peak memory.
import { performance } from 'perf_hooks';
import { CfnResource, Validations } from 'aws-cdk-lib';
import { buildApp, Mode } from './app';

const [resources, mode, outdir] = [Number(process.argv[2]), process.argv[3] as Mode | 'engine' | 'noop' | 'rules', process.argv[4]];
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
if (mode === 'noop') {
  // What any validation plugin costs: a plugin that checks nothing and reports nothing
  // still makes aws-cdk-lib hash the cloud assembly, build the construct tree and
  // format a report.
  const app = buildApp(resources, outdir, 'bare', unitsPerStack);
  Validations.of(app).addPlugins({ name: 'noop', validate: () => ({ success: true, violations: [] }) });
  const t0 = performance.now();
  app.synth();
  console.log(JSON.stringify({ synthMs: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}
let engineMs = 0;
if (mode === 'engine') {
  // The aspect's own engine work inside a synthesis: the rules on each template CDK
  // renders (ChecklistRun.addTemplate) and the app-level rules (finish).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ChecklistRun } = require('../src/checklist/engine');
  for (const method of ['addTemplate', 'finish']) {
    const original = ChecklistRun.prototype[method];
    ChecklistRun.prototype[method] = function (this: unknown, ...a: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, a);
      } finally {
        engineMs += performance.now() - t;
      }
    };
  }
}
const app = buildApp(resources, outdir, mode === 'engine' ? 'aspect' : mode, unitsPerStack);
const t0 = performance.now();
app.synth();
const synthMs = performance.now() - t0;
let resourceCount: number | undefined;
let findings: number | undefined;
if (mode === 'engine') {
  findings = 0;
  resourceCount = 0;
  for (const c of app.node.findAll()) {
    if (CfnResource.isCfnResource(c)) resourceCount++;
    findings += c.node.metadata.filter((m) => String(m.data).startsWith('[Hardened-')).length;
  }
}
process.exitCode = 0;
console.log(JSON.stringify({ synthMs, engineMs: mode === 'engine' ? engineMs : undefined, findings, resourceCount, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
