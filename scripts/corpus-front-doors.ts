// Proves that the front doors of the checklist give the same findings on the real
// templates of the shared corpus (../shared/corpus, or $HARDENED_CORPUS):
//   npx ts-node --project tsconfig.dev.json scripts/corpus-front-doors.ts [--limit N] [--only <file substring>] [--diff] [--keep DIR]
//
// For each template:
//   - cli: `cdk-hardened check <file> --format json`, run in-process through the CLI's
//     own entry point (src/cli/main.ts: loadInput, then runChecklist), is the reference;
//   - the template is included in a CDK app with CfnInclude, in a stack whose synthesizer
//     adds nothing, and synthesized once per front door:
//       aspect      the SecurityChecklist aspect: its annotations (error, warning, and
//                   info for acknowledged findings) and its JSON report (aspect-json);
//       plugin      the SecurityChecklistPlugin: its report's violations, and its JSON
//                   report (plugin-json);
//       nag         the HardenedChecks cdk-nag pack as a validation plugin: its violations;
//       cli-cdk.out `cdk-hardened check cdk.out` on the cloud assembly of the plugin's synthesis.
//   - the sets of finding IDs per logical ID (`Role1 Hardened-IAM2[Resource::*]`) are
//     compared with the CLI's. The JSON reports also mark acknowledged findings; the
//     annotations and violations leave them out (or, for the aspect, report them as info).
// Every front door runs with failOn none, so every finding is visible.
// A template CfnInclude cannot include (it throws for some valid templates, or the app
// cannot be synthesized even without any front door) is counted as not includable, with
// the first line of the error. A template the CLI rejects (exit 2) is counted as rejected.
//
// Prints every difference (template, front door, missing and extra finding IDs), the
// classes of differences, the templates not includable, and a summary. Exits 1 when a
// difference is not in KNOWN_INCLUDE_EFFECTS below (or a front door crashed), 0 otherwise.
//   --limit N        the first N templates only (in the order scripts/corpus.ts lists them)
//   --only TEXT      the templates whose path (relative to the corpus) contains TEXT (repeatable)
//   --diff           for each resource concerned by a difference, how CfnInclude changed it:
//                    the resource as the CLI reads it -> as synthesized (values and key order)
//   --keep DIR       keep the cloud assemblies and reports in DIR (default: a temporary directory, removed)
//   --corpus DIR     the corpus (default: $HARDENED_CORPUS, or ../shared/corpus)
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnElement, CfnResource, DefaultStackSynthesizer, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { corpusDir, corpusFiles } from './corpus';
import { FailOn, HardenedChecks, SecurityChecklist, SecurityChecklistPlugin } from '../src';
import { parseTemplateText } from '../src/cli/load';
import { main as cli } from '../src/cli/main';

/** The date LMB1 judges runtimes against, fixed so that runs compare (as scripts/corpus.ts does). */
const DATE = '2026-11-23';
/** Every front door runs with the same options; LOG1 (trail required, the default) is compared too. */
const OPTIONS = { date: DATE, failOn: FailOn.NONE };
const STACK = 'Corpus';

const FRONT_DOORS = ['aspect', 'aspect-json', 'plugin', 'plugin-json', 'nag', 'cli-cdk.out'] as const;
type FrontDoor = (typeof FRONT_DOORS)[number];

/**
 * Differences that are CfnInclude changing the template, not the checklist: a finding ID
 * (`door`: every front door when absent) missing from, or extra in, a front door's
 * findings compared with the CLI's. Each entry says why. Keep this list short: an entry
 * hides every difference it matches.
 */
interface KnownEffect {
  readonly doors?: readonly FrontDoor[];
  readonly kind: 'missing' | 'extra';
  /** Matches `<logicalId> <finding ID>`. */
  readonly finding: RegExp;
  /** Matches the template file (relative to the corpus). */
  readonly template?: RegExp;
  readonly why: string;
}

const KNOWN_INCLUDE_EFFECTS: readonly KnownEffect[] = [];

/** A finding ID at the start of an annotation or a violation: `[Hardened-IAM2[Resource::*]] message`, `[Hardened-TLS1] acknowledged: ...`. */
const FINDING_IN_TEXT = /^\[(Hardened-[A-Za-z]+\d*(?:\[.*?\])?)\] (acknowledged: )?/;

/** One finding as a comparable key: `<logical ID or (app)> <finding ID>`, ` (acknowledged)` appended when the door marks it. */
type Key = string;

interface TemplateResult {
  readonly file: string;
  readonly outcome: 'compared' | 'rejected' | 'not-includable';
  readonly reason?: string;
  /** Per front door: the differences, or the error it crashed with. */
  readonly differences: Array<{ door: FrontDoor | 'script'; missing: Key[]; extra: Key[]; crash?: string }>;
  /** The synthesized template, for --diff. */
  readonly synthesized?: any;
  /** How many findings the CLI reports (what each front door is compared with). */
  readonly findings?: number;
}

function parseArgs(argv: string[]) {
  const opt = { limit: Infinity, only: [] as string[], diff: false, keep: undefined as string | undefined, dir: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--limit') opt.limit = Number(argv[++i]);
    else if (a === '--only') opt.only.push(argv[++i]);
    else if (a === '--diff') opt.diff = true;
    else if (a === '--keep') opt.keep = argv[++i];
    else if (a === '--corpus') opt.dir = argv[++i];
    else throw new Error(`unknown argument '${a}': use --limit N, --only <file substring>, --diff, --keep DIR, --corpus DIR`);
  }
  if (!(opt.limit > 0)) throw new Error('--limit takes a positive number');
  return opt;
}

/** The CLI's findings for one input (a template file or a cdk.out), or why it rejects it (exit 2). */
function cliFindings(file: string): { keys: Set<Key>; unacknowledged: Array<{ logicalId: string | null; id: string }> } | { rejected: string } {
  let stdout = '';
  let stderr = '';
  const code = cli(['check', file, '--format', 'json', '--fail-on', 'none', '--date', DATE], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTty: false,
  });
  if (code === 2 && stdout === '') return { rejected: firstLine(stderr).replace(`${file}: `, '') };
  const report = JSON.parse(stdout);
  return {
    keys: keysOfReport(report),
    unacknowledged: report.findings.filter((f: any) => !f.acknowledged).map((f: any) => ({ logicalId: f.logicalId, id: f.id })),
  };
}

function keysOfReport(report: any): Set<Key> {
  return new Set(report.findings.map((f: any) => key(f.logicalId, f.id, f.acknowledged)));
}

function key(logicalId: string | null | undefined, id: string, acknowledged = false): Key {
  return `${logicalId ?? '(app)'} ${id}${acknowledged ? ' (acknowledged)' : ''}`;
}

function firstLine(s: string): string {
  return String(s).trim().split('\n')[0];
}

/** A CDK app holding the template, in a stack whose synthesizer adds nothing. */
function includeApp(file: string, outdir: string) {
  const app = new App({ outdir, analyticsReporting: false, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, STACK, { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  new CfnInclude(stack, 'T', { templateFile: file });
  return { app, stack };
}

/**
 * Logical IDs of the resources by construct path (`Corpus/T/Role1`), and the stack's own
 * path as where findings without a resource land. A finding reported on any other
 * construct (a parameter, an output) keeps its path, `?Corpus/T/$Outputs/Role1`: it is
 * not on the resource the CLI names.
 */
function logicalIdsByPath(stack: Stack): Map<string, string | null> {
  const out = new Map<string, string | null>([[stack.node.path, null]]);
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c)) out.set(c.node.path, stack.resolve(c.logicalId));
  }
  return out;
}

/** Runs `fn` with the console silenced (CDK prints the validation reports) and process.exitCode restored. */
function quietly<T>(fn: () => T): T {
  const saved = { error: console.error, log: console.log, warn: console.warn, exitCode: process.exitCode, emitWarning: process.emitWarning };
  console.error = console.log = console.warn = () => undefined;
  // CfnInclude's YAML parser warns about tags it does not know (`!Rain::Embed`).
  process.emitWarning = () => undefined;
  try {
    return fn();
  } finally {
    console.error = saved.error;
    console.log = saved.log;
    console.warn = saved.warn;
    process.exitCode = saved.exitCode;
    process.emitWarning = saved.emitWarning;
  }
}

/** Wraps a validation plugin so that its report (or its crash) is kept. */
function recording<T extends IPolicyValidationPlugin>(plugin: T): { plugin: T; reports: PolicyValidationPluginReport[]; crashes: string[] } {
  const reports: PolicyValidationPluginReport[] = [];
  const crashes: string[] = [];
  const validate = plugin.validate.bind(plugin);
  plugin.validate = (context: IPolicyValidationContext) => {
    try {
      const r = validate(context);
      reports.push(r);
      return r;
    } catch (e) {
      crashes.push(firstLine((e as Error).stack ?? String(e)));
      throw e;
    }
  };
  return { plugin, reports, crashes };
}

class NotIncludable extends Error {}

function tmpdir(base: string, prefix: string) {
  return fs.mkdtempSync(path.join(base, prefix));
}

/** Synthesizes the template with the aspect: its annotations and its JSON report. */
function viaAspect(file: string, work: string): { aspect: Set<Key>; json: Set<Key>; synthesized: any } {
  const outdir = tmpdir(work, 'aspect-');
  const reportFile = path.join(work, `aspect-report-${path.basename(outdir)}.json`);
  const { app, stack } = includeOrThrow(file, outdir);
  Aspects.of(app).add(new SecurityChecklist({ ...OPTIONS, reportFile }));
  const assembly = quietly(() => app.synth());
  const byPath = logicalIdsByPath(stack);
  const aspect = new Set<Key>();
  for (const m of assembly.getStackArtifact(stack.artifactId).messages) {
    const text = String(m.entry.data);
    const found = text.match(FINDING_IN_TEXT);
    if (!found) continue;
    const p = m.id.replace(/^\//, '');
    const logicalId = byPath.has(p) ? byPath.get(p) : `?${p}`;
    aspect.add(key(logicalId, found[1], found[2] !== undefined));
  }
  const json = keysOfReport(JSON.parse(fs.readFileSync(reportFile, 'utf-8')));
  const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, stack.templateFile), 'utf-8'));
  return { aspect, json, synthesized };
}

/** Synthesizes the template with the validation plugin: its violations and its JSON report. */
function viaPlugin(file: string, work: string): { plugin: Set<Key>; json: Set<Key>; outdir: string } {
  const outdir = tmpdir(work, 'plugin-');
  const reportFile = path.join(work, `plugin-report-${path.basename(outdir)}.json`);
  const { app } = includeOrThrow(file, outdir);
  const rec = recording(new SecurityChecklistPlugin({ ...OPTIONS, reportFile }));
  Validations.of(app).addPlugins(rec.plugin);
  quietly(() => app.synth());
  if (rec.crashes.length > 0) throw new Error(`the plugin crashed: ${rec.crashes[0]}`);
  if (rec.reports.length !== 1) throw new Error(`the plugin reported ${rec.reports.length} times`);
  const plugin = new Set<Key>();
  for (const v of rec.reports[0].violations) {
    if (v.ruleName === 'Hardened-Acknowledgement') {
      plugin.add(key(null, `${v.ruleName}: ${v.description}`));
      continue;
    }
    const id = v.ruleMetadata?.findingId ?? v.description.match(FINDING_IN_TEXT)?.[1] ?? `${v.ruleName}?`;
    for (const r of v.violatingResources) plugin.add(key(r.resourceLogicalId, id));
  }
  const json = keysOfReport(JSON.parse(fs.readFileSync(reportFile, 'utf-8')));
  return { plugin, json, outdir };
}

/** Synthesizes the template with the cdk-nag pack as a validation plugin: its violations. */
function viaNag(file: string, work: string): { nag: Set<Key>; firstResource: string | undefined } {
  const outdir = tmpdir(work, 'nag-');
  const { app, stack } = includeOrThrow(file, outdir);
  const rec = recording(new HardenedChecks(app, OPTIONS));
  Validations.of(app).addPlugins(rec.plugin);
  quietly(() => app.synth());
  if (rec.crashes.length > 0) throw new Error(`the pack crashed: ${rec.crashes[0]}`);
  if (rec.reports.length !== 1) throw new Error(`the pack reported ${rec.reports.length} times`);
  const byPath = logicalIdsByPath(stack);
  const nag = new Set<Key>();
  for (const v of rec.reports[0].violations) {
    for (const r of v.violatingResources) {
      const p = r.constructPath ?? '';
      nag.add(key(byPath.has(p) ? byPath.get(p) : `?${p}`, v.ruleName));
    }
  }
  // cdk-nag reports on resources only: the pack puts app-level findings (LOG1) and those
  // without a resource on the stage's first resource (see HardenedChecks.findingsFor).
  const first = app.node.findAll().find((c) => CfnResource.isCfnResource(c));
  return { nag, firstResource: first ? stack.resolve((first as CfnElement).logicalId) : undefined };
}

/** The app, or NotIncludable when CfnInclude throws. */
function includeOrThrow(file: string, outdir: string) {
  try {
    return quietly(() => includeApp(file, outdir));
  } catch (e) {
    throw new NotIncludable(firstLine((e as Error).message));
  }
}

/** Whether the app synthesizes without any front door (else the template is not includable). */
function bareSynthError(file: string, work: string): string | undefined {
  try {
    quietly(() => includeApp(file, tmpdir(work, 'bare-')).app.synth());
    return undefined;
  } catch (e) {
    return firstLine((e as Error).message);
  }
}

function compare(door: FrontDoor, expected: Set<Key>, actual: Set<Key>) {
  const missing = [...expected].filter((k) => !actual.has(k)).sort();
  const extra = [...actual].filter((k) => !expected.has(k)).sort();
  return missing.length + extra.length > 0 ? [{ door, missing, extra }] : [];
}

function checkTemplate(file: string, rel: string, work: string): TemplateResult {
  const ref = cliFindings(file);
  if ('rejected' in ref) {
    // Whether the CDK front doors could see the template at all.
    let include = 'CfnInclude includes it';
    try {
      includeOrThrow(file, tmpdir(work, 'rejected-'));
    } catch (e) {
      include = `CfnInclude cannot either: ${(e as Error).message}`;
    }
    return { file: rel, outcome: 'rejected', reason: `${ref.rejected} (${include})`, differences: [] };
  }
  const differences: TemplateResult['differences'] = [];
  // The plugin's violations and the pack's leave acknowledged findings out; the aspect
  // reports them as info annotations, and the JSON reports mark them.
  const unacked = new Set([...ref.keys].filter((k) => !k.endsWith(' (acknowledged)')));
  let synthesized: any;
  const attempt = (door: FrontDoor | FrontDoor[], fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof NotIncludable) throw e;
      const bare = bareSynthError(file, work);
      if (bare !== undefined) throw new NotIncludable(`synth fails without any front door: ${bare}`);
      for (const d of Array.isArray(door) ? door : [door]) {
        differences.push({ door: d, missing: [], extra: [], crash: firstLine((e as Error).stack ?? String(e)) });
      }
    }
  };
  try {
    attempt(['aspect', 'aspect-json'], () => {
      const a = viaAspect(file, work);
      synthesized = a.synthesized;
      differences.push(...compare('aspect', ref.keys, a.aspect), ...compare('aspect-json', ref.keys, a.json));
    });
    attempt(['plugin', 'plugin-json', 'cli-cdk.out'], () => {
      const p = viaPlugin(file, work);
      differences.push(...compare('plugin', unacked, p.plugin), ...compare('plugin-json', ref.keys, p.json));
      const assembly = cliFindings(p.outdir);
      if ('rejected' in assembly) differences.push({ door: 'cli-cdk.out', missing: [], extra: [], crash: `the CLI rejects the cdk.out: ${assembly.rejected}` });
      else differences.push(...compare('cli-cdk.out', ref.keys, assembly.keys));
    });
    attempt('nag', () => {
      const n = viaNag(file, work);
      // Where the pack puts a finding without a resource: on the first resource.
      const expected = new Set(ref.unacknowledged.map((f) => key(f.logicalId ?? n.firstResource, f.id)));
      differences.push(...compare('nag', expected, n.nag));
    });
  } catch (e) {
    if (e instanceof NotIncludable) return { file: rel, outcome: 'not-includable', reason: e.message, differences: [] };
    throw e;
  }
  return { file: rel, outcome: 'compared', differences, synthesized, findings: ref.keys.size };
}

/** Whether a difference is a known effect of CfnInclude (the entry that explains it), or undefined. */
function knownEffect(file: string, door: FrontDoor | 'script', kind: 'missing' | 'extra', k: Key): KnownEffect | undefined {
  return KNOWN_INCLUDE_EFFECTS.find(
    (e) => e.kind === kind && (!e.doors || e.doors.includes(door as FrontDoor)) && e.finding.test(k) && (!e.template || e.template.test(file)),
  );
}

/** The paths at which two JSON values differ, as `path: before -> after` lines. */
function jsonDiff(a: unknown, b: unknown, at = '', out: string[] = [], max = 40): string[] {
  if (out.length >= max) return out;
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) jsonDiff(a[i], b[i], `${at}[${i}]`, out, max);
  } else if (isObj(a) && isObj(b)) {
    // Key order matters to nobody in CloudFormation, but it may to a checker: show it.
    const common = Object.keys(a).filter((k) => k in b);
    const inB = Object.keys(b).filter((k) => k in a);
    if (common.join() !== inB.join()) out.push(`${at || '.'}: key order ${truncate(common.join(','), 200)} -> ${truncate(inB.join(','), 200)}`);
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) jsonDiff(a[k], b[k], `${at}.${k}`, out, max);
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    const show = (v: unknown) => (v === undefined ? '(absent)' : truncate(JSON.stringify(v), 200));
    out.push(`${at || '.'}: ${show(a)} -> ${show(b)}`);
  }
  return out;
}

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n)}...` : s;
}

/** The differences between a resource (or a template section) as the CLI reads it and as CfnInclude synthesized it. */
function resourceDiff(file: string, synthesized: any, logicalId: string): string[] {
  const original = parseTemplateText(fs.readFileSync(file, 'utf-8'), file) as any;
  if (logicalId === '(app)') {
    const sections = new Set([...Object.keys(original ?? {}), ...Object.keys(synthesized ?? {})]);
    sections.delete('Resources');
    const out: string[] = [];
    for (const s of sections) jsonDiff(original?.[s], synthesized?.[s], s, out);
    return out;
  }
  const strip = (def: any) => {
    // CDK's own path metadata is not a change to the template's meaning.
    if (!def?.Metadata) return def;
    const { ['aws:cdk:path']: _ignored, ...rest } = def.Metadata;
    return { ...def, Metadata: Object.keys(rest).length > 0 ? rest : undefined };
  };
  return jsonDiff(strip(original?.Resources?.[logicalId]), strip(synthesized?.Resources?.[logicalId]), `Resources.${logicalId}`);
}

function run() {
  let opt: ReturnType<typeof parseArgs>;
  try {
    opt = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`corpus-front-doors: ${(e as Error).message}`);
    return 2;
  }
  const dir = opt.dir ?? corpusDir();
  if (!dir) {
    console.error('corpus not found: set HARDENED_CORPUS or pass --corpus DIR');
    return 2;
  }
  const files = corpusFiles(dir)
    .filter((f) => opt.only.length === 0 || opt.only.some((o) => path.relative(dir, f).includes(o)))
    .slice(0, opt.limit);
  const work = opt.keep ? (fs.mkdirSync(opt.keep, { recursive: true }), opt.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-front-doors-'));
  const start = Date.now();
  const results: TemplateResult[] = [];
  let unexplained = 0;
  let crashes = 0;
  for (const [i, file] of files.entries()) {
    const rel = path.relative(dir, file);
    const perTemplate = fs.mkdtempSync(path.join(work, 't-'));
    let r: TemplateResult;
    try {
      r = checkTemplate(file, rel, perTemplate);
    } catch (e) {
      r = { file: rel, outcome: 'compared', differences: [{ door: 'script', missing: [], extra: [], crash: `the comparison crashed: ${firstLine((e as Error).stack ?? String(e))}` }] };
    } finally {
      if (!opt.keep) fs.rmSync(perTemplate, { recursive: true, force: true });
    }
    results.push(r);
    if (process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${files.length} ${rel.slice(0, 80).padEnd(80)}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (!opt.keep) fs.rmSync(work, { recursive: true, force: true });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);

  const compared = results.filter((r) => r.outcome === 'compared');
  const notIncludable = results.filter((r) => r.outcome === 'not-includable');
  const rejected = results.filter((r) => r.outcome === 'rejected');

  console.log('Differences per template and front door:');
  console.log('  - a finding the CLI reports and the front door does not; + the other way round;');
  console.log('  ~ the same finding ID reported on another construct (`?<path>`: a construct that is not the resource)');
  const classes = new Map<string, { count: number; templates: Set<string>; known?: string }>();
  const addClass = (cls: string, file: string, known?: KnownEffect) => {
    const c = classes.get(cls) ?? { count: 0, templates: new Set<string>(), known: known?.why };
    c.count++;
    c.templates.add(file);
    classes.set(cls, c);
  };
  for (const r of compared) {
    for (const d of r.differences) {
      console.log(`\n${r.file}  [${d.door}]`);
      if (d.crash) {
        crashes++;
        console.log(`  CRASH ${d.crash}`);
        addClass(`${d.door} crashed: ${d.crash.replace(/\d+/g, 'N').slice(0, 100)}`, r.file);
        continue;
      }
      const concerned = new Set<string>();
      // A finding on the wrong construct shows as one missing and one extra key with the same ID.
      const extraById = new Map<string, Key[]>();
      for (const k of d.extra) extraById.set(split(k).id, [...(extraById.get(split(k).id) ?? []), k]);
      // Pair each missing finding with an extra one of the same ID: on the construct of the
      // same name first, then any.
      const paired = new Set<Key>();
      const pairs = new Map<Key, Key>();
      for (const sameName of [true, false]) {
        for (const k of d.missing) {
          if (pairs.has(k)) continue;
          const to = (extraById.get(split(k).id) ?? []).find((x) => !paired.has(x) && (!sameName || split(x).where.endsWith(`/${split(k).where}`)));
          if (to) {
            pairs.set(k, to);
            paired.add(to);
          }
        }
      }
      for (const k of d.missing) {
        const to = pairs.get(k);
        const knownMissing = knownEffect(r.file, d.door, 'missing', k);
        concerned.add(split(k).where);
        if (to) {
          const knownExtra = knownEffect(r.file, d.door, 'extra', to);
          if (!knownMissing || !knownExtra) unexplained++;
          console.log(`  ~ ${split(k).id}: ${split(k).where} -> ${split(to).where}${knownMissing && knownExtra ? `   (known: ${knownMissing.why})` : ''}`);
          addClass(`${d.door} moved ${classOf(k)} from ${placeOf(split(k).where)} to ${placeOf(split(to).where)}`, r.file, knownMissing && knownExtra);
          continue;
        }
        if (!knownMissing) unexplained++;
        console.log(`  - ${k}${knownMissing ? `   (known: ${knownMissing.why})` : ''}`);
        addClass(`${d.door} missing ${classOf(k)}`, r.file, knownMissing);
      }
      for (const k of d.extra) {
        if (paired.has(k)) continue;
        const known = knownEffect(r.file, d.door, 'extra', k);
        if (!known) unexplained++;
        concerned.add(split(k).where);
        console.log(`  + ${k}${known ? `   (known: ${known.why})` : ''}`);
        addClass(`${d.door} extra ${classOf(k)}`, r.file, known);
      }
      if (opt.diff && r.synthesized) {
        for (const logicalId of concerned) {
          if (logicalId.startsWith('?')) continue;
          const lines = resourceDiff(path.join(dir, r.file), r.synthesized, logicalId);
          console.log(`  ${logicalId}: ${lines.length === 0 ? 'the corpus template and the synthesized one do not differ' : 'corpus template -> synthesized template:'}`);
          for (const l of lines) console.log(`      ${l}`);
        }
      }
    }
  }

  console.log('\nClasses of differences (front door, kind, rule and kind of detail: occurrences, templates):');
  for (const [cls, c] of [...classes].sort()) {
    console.log(`  ${cls}: ${c.count} in ${c.templates.size} template(s), e.g. ${[...c.templates][0]}${c.known ? ` (known: ${c.known})` : ''}`);
  }
  console.log('\nNot includable by CfnInclude:');
  const reasons = new Map<string, string[]>();
  for (const r of notIncludable) reasons.set(r.reason!, [...(reasons.get(r.reason!) ?? []), r.file]);
  for (const [reason, list] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${list.length} x ${reason}${list.length <= 3 ? `: ${list.join(', ')}` : `: e.g. ${list[0]}`}`);
  }
  console.log('\nRejected by the CLI (not CloudFormation it can check):');
  for (const r of rejected) console.log(`  ${r.file}: ${r.reason}`);

  console.log('\nSummary:');
  console.log(`  templates:       ${results.length}`);
  console.log(`  compared:        ${compared.length}`);
  console.log(`  findings:        ${compared.reduce((n, r) => n + (r.findings ?? 0), 0)} (the CLI's, in the templates compared)`);
  console.log(`  identical:       ${compared.filter((r) => r.differences.length === 0).length} (every front door gives the CLI's findings)`);
  for (const door of FRONT_DOORS) {
    const n = compared.filter((r) => r.differences.some((d) => d.door === door)).length;
    console.log(`  differing ${door.padEnd(12)} ${n}`);
  }
  console.log(`  not includable:  ${notIncludable.length}`);
  console.log(`  rejected by CLI: ${rejected.length}`);
  console.log(`  crashes:         ${crashes}`);
  console.log(`  differences not explained by KNOWN_INCLUDE_EFFECTS: ${unexplained}`);
  console.log(`  time:            ${seconds} s`);
  return unexplained > 0 || crashes > 0 ? 1 : 0;
}

/** A key's parts: where (a logical ID, `(app)`, or `?<construct path>`) and the finding ID. */
function split(k: Key): { where: string; id: string } {
  const space = k.indexOf(' ');
  return { where: k.slice(0, space), id: k.slice(space + 1) };
}

/** What kind of place a finding is on, for its class: a resource, the app, or the kind of construct. */
function placeOf(where: string): string {
  if (where === '(app)') return 'the app';
  if (!where.startsWith('?')) return 'a resource';
  const scope = where.split('/').find((part) => part.startsWith('$'));
  return scope ? `a construct under ${scope}` : `construct ${where.slice(1)}`;
}

/** A difference's class: the rule and the kind of detail (`Hardened-IAM2[Resource::…]`), the logical ID left out. */
function classOf(k: Key): string {
  const { id } = split(k);
  const m = id.match(/^(Hardened-[A-Z]+\d*)(?:\[([^:\]]*)(::)?)?/);
  if (!m) return id;
  const detail = m[2] === undefined ? '' : `[${m[2]}${m[3] ? '::…' : ''}]`;
  return `${m[1]}${detail}${k.endsWith(' (acknowledged)') ? ' (acknowledged)' : ''}`;
}

if (require.main === module) {
  process.exitCode = run();
}
