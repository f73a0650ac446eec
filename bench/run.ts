// The benchmark (not a test): `npm run bench [-- --sizes 500,2000]`.
// For each app size, in fresh processes: bare synth; synth with the SecurityChecklist
// aspect; with the validation plugin; with a validation plugin that does nothing (what
// aws-cdk-lib makes any plugin cost); the engine's own time inside the aspect; the rules
// alone on the written templates; synth with cdk-nag's AwsSolutionsChecks, and with our
// rules as a cdk-nag pack (HardenedChecks); the CLI on
// the synthesized cdk.out (start-up included); peak memory. And, once, what importing
// the library costs an app before synth (not in the synth times).
// Every mode is measured `--samples` times (default 3), the samples of one size
// interleaved, and the fastest sample is kept: on a shared machine the slow samples
// measure the neighbours, not the code.
// Prints a table, checks the targets, writes bench/results.json.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { APP_MODULES, RESOURCES_PER_UNIT, UNITS_PER_STACK } from './app';

const args = process.argv.slice(2);
const sizesArg = args.includes('--sizes') ? args[args.indexOf('--sizes') + 1] : undefined;
const sizes = (sizesArg ?? '500,2000,8000,16000').split(',').map(Number);
const skipNag = args.includes('--no-nag');
// One more app with every resource in a single stack (default 1,600; 0 leaves it out):
// the stack cannot be deployed, but it shows how each checker grows with one scope's size.
const oneStack = args.includes('--one-stack') ? Number(args[args.indexOf('--one-stack') + 1]) : 1600;
const samples = args.includes('--samples') ? Number(args[args.indexOf('--samples') + 1]) : 3;
if (!Number.isInteger(samples) || samples < 1) {
  console.error('bench: --samples takes a whole number of at least 1');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'bin', 'cdk-hardened');
if (!fs.existsSync(path.join(root, 'lib', 'cli', 'main.js'))) {
  console.error('bench: compile first (npx projen compile): the CLI is measured as users run it, from lib/');
  process.exit(2);
}

interface Measure { synthMs: number; engineMs?: number; findings?: number; resourceCount?: number; maxRssMb: number }

function measure(resources: number, mode: string, outdir: string, unitsPerStack?: number): Measure {
  const out = execFileSync(
    process.execPath,
    [
      '--max-old-space-size=8192', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'measure.ts'),
      String(resources), mode, outdir, ...(unitsPerStack ? [String(unitsPerStack)] : []),
    ],
    { cwd: root, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!;
  return JSON.parse(line);
}

/**
 * What `import { <name> } from 'cdk-hardened'` costs an app, from lib/ as users run it:
 * a fresh node process that has loaded the aws-cdk-lib modules the bench app uses (the
 * app loads those anyway) imports the package and takes `name` from it (`*`: every
 * export, what importing the package cost when its index loaded every module). Fastest
 * of `samples` runs, in ms.
 */
function importMs(name: string): number {
  const script = `
    for (const m of ${JSON.stringify(APP_MODULES)}) require('aws-cdk-lib/' + m);
    const t0 = process.hrtime.bigint();
    const lib = require(${JSON.stringify(path.join(root, 'lib'))});
    const names = ${JSON.stringify(name)} === '*' ? Object.keys(lib) : [${JSON.stringify(name)}];
    for (const n of names) if (lib[n] === undefined) throw new Error('no export ' + n);
    console.log(Number(process.hrtime.bigint() - t0) / 1e6);`;
  const runs: number[] = [];
  for (let i = 0; i < Math.max(samples, 3); i++) {
    runs.push(Number(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf-8' }).trim()));
  }
  return Math.round(Math.min(...runs) * 10) / 10;
}
const imports = {
  SecurityChecklist: importMs('SecurityChecklist'),
  SecurityChecklistPlugin: importMs('SecurityChecklistPlugin'),
  HardenedChecks: importMs('HardenedChecks'),
  everyExport: importMs('*'),
};

const cases: Array<{ size: number; unitsPerStack?: number }> = sizes.map((size) => ({ size }));
if (oneStack > 0) cases.push({ size: oneStack, unitsPerStack: Math.ceil(oneStack / RESOURCES_PER_UNIT) });
const rows: any[] = [];
for (const { size, unitsPerStack } of cases) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${size}-`));
  const modes = ['bare', 'aspect', 'plugin', 'noop', 'engine', 'rules', ...(skipNag ? [] : ['nag', 'hardened-nag'])];
  const taken = new Map<string, Measure[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < samples; i++) {
    for (const mode of modes) {
      // 'rules' reads the cdk.out the bare synth wrote.
      taken.get(mode)!.push(measure(size, mode, path.join(tmp, mode === 'rules' ? 'bare' : mode), unitsPerStack));
    }
  }
  const best = (mode: string): Measure => {
    const list = taken.get(mode)!;
    const time = (m: Measure) => (mode === 'engine' || mode === 'rules' ? m.engineMs! : m.synthMs);
    const fastest = list.reduce((a, b) => (time(b) < time(a) ? b : a));
    return { ...fastest, maxRssMb: Math.max(...list.map((m) => m.maxRssMb)) };
  };
  const [bare, aspect, plugin, noop, engine, rulesOnly] = ['bare', 'aspect', 'plugin', 'noop', 'engine', 'rules'].map(best);
  const nag = skipNag ? undefined : best('nag');
  const ourPack = skipNag ? undefined : best('hardened-nag');
  // The CLI, as a pipeline runs it: a fresh node process on the cdk.out.
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'check', path.join(tmp, 'bare'), '--format', 'json', '--output', path.join(tmp, 'cli.json'), '--fail-on', 'none']);
    runs.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`cli failed: ${r.stderr}`);
  }
  const cliMs = Math.min(...runs);
  const row = {
    resources: engine.resourceCount ?? size,
    stacks: Math.ceil(Math.ceil(size / RESOURCES_PER_UNIT) / (unitsPerStack ?? UNITS_PER_STACK)),
    bareSynthMs: Math.round(bare.synthMs),
    aspectSynthMs: Math.round(aspect.synthMs),
    pluginSynthMs: Math.round(plugin.synthMs),
    engineMs: Math.round(engine.engineMs!),
    noopPluginSynthMs: Math.round(noop.synthMs),
    rulesOnJsonMs: Math.round(rulesOnly.engineMs!),
    nagSynthMs: nag ? Math.round(nag.synthMs) : null,
    ourNagPackSynthMs: ourPack ? Math.round(ourPack.synthMs) : null,
    cliMs: Math.round(cliMs),
    aspectOverheadPct: +(((aspect.synthMs - bare.synthMs) / bare.synthMs) * 100).toFixed(1),
    pluginOverheadPct: +(((plugin.synthMs - bare.synthMs) / bare.synthMs) * 100).toFixed(1),
    noopPluginOverheadPct: +(((noop.synthMs - bare.synthMs) / bare.synthMs) * 100).toFixed(1),
    nagOverOurs: nag ? +((nag.synthMs - bare.synthMs) / Math.max(1, aspect.synthMs - bare.synthMs)).toFixed(1) : null,
    nagOverOurPlugin: nag ? +((nag.synthMs - bare.synthMs) / Math.max(1, plugin.synthMs - bare.synthMs)).toFixed(1) : null,
    nagOverOurPack: nag && ourPack ? +((nag.synthMs - bare.synthMs) / Math.max(1, ourPack.synthMs - bare.synthMs)).toFixed(1) : null,
    enginePerResourceUs: +((engine.engineMs! * 1000) / (engine.resourceCount ?? size)).toFixed(1),
    peakRssMb: Math.round(Math.max(bare.maxRssMb, aspect.maxRssMb, plugin.maxRssMb, engine.maxRssMb, nag?.maxRssMb ?? 0, ourPack?.maxRssMb ?? 0)),
    findings: engine.findings,
  };
  rows.push(row);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.error(`measured ${size}${unitsPerStack ? ' in one stack' : ''}`);
}

const header = ['resources', 'stacks', 'bare synth', '+aspect', '+plugin', '+no-op plugin', 'engine in aspect', 'rules on JSON', '+cdk-nag', '+our nag pack', 'CLI', 'aspect %', 'plugin %', 'no-op plugin %', 'nag/ours', 'engine µs/res', 'peak MB'];
const table = [
  `| ${header.join(' | ')} |`,
  `|${header.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${[r.resources, r.stacks, `${r.bareSynthMs} ms`, `${r.aspectSynthMs} ms`, `${r.pluginSynthMs} ms`, `${r.noopPluginSynthMs} ms`, `${r.engineMs} ms`, `${r.rulesOnJsonMs} ms`, r.nagSynthMs === null ? '–' : `${r.nagSynthMs} ms`, r.ourNagPackSynthMs === null ? '–' : `${r.ourNagPackSynthMs} ms`, `${r.cliMs} ms`, `${r.aspectOverheadPct}%`, `${r.pluginOverheadPct}%`, `${r.noopPluginOverheadPct}%`, r.nagOverOurs ?? '–', r.enginePerResourceUs, r.peakRssMb].join(' | ')} |`),
].join('\n');

// Targets (reported, never asserted in tests).
const standard = rows.slice(0, sizes.length);
const at = (n: number) => standard.find((r) => Math.abs(r.resources - n) / n < 0.2);
const verdicts: Record<string, string> = {};
const r2k = at(2000), r16k = at(16000), r8k = at(8000);
if (r2k && r16k) {
  const ratio = r16k.enginePerResourceUs / r2k.enginePerResourceUs;
  verdicts.linear = `${ratio <= 1.5 ? 'PASS' : 'FAIL'}: engine time per resource at 16,000 is ${ratio.toFixed(2)}x that at 2,000 (target <= 1.5x)`;
}
if (r8k) {
  const worst = Math.max(r8k.aspectOverheadPct, r8k.pluginOverheadPct);
  verdicts.overhead = `${worst <= 10 ? 'PASS' : 'FAIL'}: the checklist adds ${r8k.aspectOverheadPct}% (aspect) / ${r8k.pluginOverheadPct}% (plugin) to bare synth at 8,000 resources (target <= 10%)`;
  const rest = r8k.aspectSynthMs - r8k.bareSynthMs - r8k.engineMs;
  verdicts.breakdown = `At 8,000 resources: the engine inside the aspect takes ${r8k.engineMs} ms (${((r8k.engineMs / r8k.bareSynthMs) * 100).toFixed(1)}% of bare synth); the other ${rest} ms of the aspect's cost are outside the rules: its walk of the construct tree (acknowledgements, stacks), the models of the rendered templates, and the ${r8k.findings} findings reported as annotations, which CDK writes into the cloud assembly; a validation plugin that does nothing adds ${r8k.noopPluginOverheadPct}% (aws-cdk-lib's own cost for any plugin: hashing the cloud assembly before and after it, the construct tree, the report)`;
  verdicts.cli = `${r8k.cliMs < 1500 ? 'PASS' : 'FAIL'}: the CLI checks the 8,000-resource cdk.out in ${r8k.cliMs} ms (target < 1,500 ms)`;
}
if (!skipNag) {
  const ok = standard.every((r) => r.nagOverOurs !== null && r.nagOverOurs >= 10);
  verdicts.nag = `${ok ? 'PASS' : 'FAIL'}: AwsSolutionsChecks' own cost over the aspect's: ${standard.map((r) => `${r.nagOverOurs}x at ${r.resources}`).join(', ')} (target >= 10x at every size); over the plugin's (both are validation plugins): ${standard.map((r) => `${r.nagOverOurPlugin}x`).join(', ')}; over our rules run as a cdk-nag pack (the same pack machinery): ${standard.map((r) => `${r.nagOverOurPack}x`).join(', ')}`;
  if (r8k?.ourNagPackSynthMs != null && r8k.nagSynthMs != null) {
    const pct = (ms: number) => (((ms - r8k.bareSynthMs) / r8k.bareSynthMs) * 100).toFixed(1);
    verdicts.nagPack = `(not a target) at 8,000 resources, inside cdk-nag's pack machinery: our rules (HardenedChecks) add ${pct(r8k.ourNagPackSynthMs)}% to bare synth, AwsSolutionsChecks adds ${pct(r8k.nagSynthMs)}%`;
  }
  const single = rows[sizes.length];
  if (single) {
    verdicts.oneStack = `(not a target) with all ${single.resources} resources in one stack, AwsSolutionsChecks' own cost is ${single.nagOverOurs}x ours`;
  }
}

verdicts.imports = `(not a target) importing cdk-hardened, before synth and outside the times above: ${imports.SecurityChecklist} ms for SecurityChecklist, ${imports.SecurityChecklistPlugin} ms for SecurityChecklistPlugin, ${imports.HardenedChecks} ms for HardenedChecks (with cdk-nag), ${imports.everyExport} ms for every export (the constructs too)`;

const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; best of ${samples} sample(s) per mode`;
console.log(`Machine: ${machine}\n`);
console.log(table);
console.log('');
for (const v of Object.values(verdicts)) console.log(v);
fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine, samples, rows, imports, verdicts }, null, 2) + '\n');
