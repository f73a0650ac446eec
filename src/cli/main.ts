import * as fs from 'fs';
import * as path from 'path';
import { InputError, loadInput } from './load';
import { renderText } from './text';
import { AcksByPath } from '../checklist/acknowledge-model';
import { ALL_RULES } from '../checklist/catalog';
import { EngineOptions, failsAt, resolveRunConfig, runChecklist } from '../checklist/engine';
import { TemplateModel } from '../checklist/model';
import { parseIsoDate } from '../checklist/options';
import { jsonReport, remediationsFromTemplates, sarifReport, toolVersion } from '../checklist/report';
import { Severity, TrailRequirement } from '../checklist/severity';

const USAGE = `Usage: cdk-hardened <command> [options]

Commands:
  check <template-file | cdk.out dir>...   Check CloudFormation/SAM templates (JSON or YAML) or cloud assemblies
  rules                                     List the rules of the checklist

Options of check:
  --format text|json|sarif     Output format (default: text)
  --output FILE                Write the report to FILE instead of stdout
  --fail-on error|warning|none Exit 1 when a finding is at or above this level (default: error)
  --trail required|organization|off
                               What LOG1 expects of CloudTrail (default: required)
  --rules ID,ID                Run only these rules
  --skip ID,ID                 Do not run these rules
  --severity RULE=level        Override a rule's severity (repeatable; level: error|warning)
  --public-ports 443,80        Ports that may be open to the world (NET1; default 80,443)
  --date YYYY-MM-DD            The date LMB1 judges runtimes and acknowledgements expire by (default: today)
  --include-passed             Add every rule/resource evaluation to the JSON report (audit evidence)
  --config FILE                A JSON file holding any of these options (keys as in the JSON report docs)
  --no-color                   Plain text output even on a terminal

  -h, --help                   Show this help
  -v, --version                Show the version

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 bad input or usage.`;

/** A usage problem: exit 2 with the message. */
class UsageError extends Error {}

interface CliOptions {
  format: 'text' | 'json' | 'sarif';
  output?: string;
  failOn: Severity | 'none';
  color?: boolean;
  engine: EngineOptions;
  inputs: string[];
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTty: boolean;
}

const defaultIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: Boolean(process.stdout.isTTY),
};

/** Runs the command; returns the exit code. */
export function main(argv: string[], io: CliIo = defaultIo): number {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      io.stdout(toolVersion() + '\n');
      return 0;
    }
    if (command === 'rules') {
      io.stdout(listRules());
      return 0;
    }
    if (command !== 'check') throw new UsageError(`unknown command '${command}': use 'check' or 'rules' (see --help)`);
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const options = parseCheckArgs(rest);
    return check(options, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`cdk-hardened: ${e instanceof InputError ? `${e.file}: ` : ''}${e.message}\n`);
      return 2;
    }
    io.stderr(`cdk-hardened: ${(e as Error).message}\n`);
    return 2;
  }
}

function check(options: CliOptions, io: CliIo): number {
  const templates: TemplateModel[] = [];
  const cdkAcks = new AcksByPath();
  const bad: string[] = [];
  for (const input of options.inputs) {
    try {
      templates.push(...loadInput(input, cdkAcks));
    } catch (e) {
      if (e instanceof InputError) bad.push(`${e.file}: ${e.message}`);
      else bad.push(`${input}: cannot be processed: ${(e as Error).message}`);
    }
  }
  for (const b of bad) io.stderr(b + '\n');
  if (templates.length === 0) return 2;

  const result = runChecklist(templates, options.engine, cdkAcks.size > 0 ? cdkAcks : undefined);
  for (const p of result.problems) io.stderr(`cdk-hardened: ${p}\n`);

  let out: string;
  if (options.format === 'json') {
    out = JSON.stringify(jsonReport(result, remediationsFromTemplates(templates)), null, 2) + '\n';
  } else if (options.format === 'sarif') {
    out = JSON.stringify(sarifReport(result, (t) => toUri(t)), null, 2) + '\n';
  } else {
    const color = options.color ?? (io.isTty && !options.output && !process.env.NO_COLOR);
    out = renderText(result, { color, failOn: options.failOn, templates: templates.length });
  }

  if (options.output) {
    fs.mkdirSync(path.dirname(path.resolve(options.output)), { recursive: true });
    fs.writeFileSync(options.output, out);
  } else {
    io.stdout(out);
  }
  if (bad.length > 0 || result.problems.length > 0) return 2;
  return result.findings.some((f) => failsAt(f, options.failOn)) ? 1 : 0;
}

/** SARIF locations are relative to the repository: keep relative paths, and make absolute ones relative to the working directory. */
function toUri(template: string): string {
  const rel = path.isAbsolute(template) ? path.relative(process.cwd(), template) : template;
  return rel.split(path.sep).join('/');
}

function listRules(): string {
  const lines = ALL_RULES.map((r) => `${`Hardened-${r.id}`.padEnd(15)} ${r.severity.padEnd(8)} ${r.title}${r.controls.length ? ` [${r.controls.join(', ')}]` : ''}`);
  return lines.join('\n') + '\n';
}

function splitList(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseLevel(v: string, what: string): Severity | 'none' {
  if (v === 'error') return Severity.ERROR;
  if (v === 'warning') return Severity.WARNING;
  if (v === 'none') return 'none';
  throw new UsageError(`${what} must be error, warning or none, got '${v}'`);
}

function parsePorts(v: string | number[], what: string): number[] {
  const parts = Array.isArray(v) ? v.map(String) : splitList(v);
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(String(p).trim()) || n > 65535) throw new UsageError(`${what}: '${p}' is not a port number (0-65535)`);
    return n;
  });
}

function parseTrail(v: string): TrailRequirement {
  const t = Object.values(TrailRequirement).find((x) => x === v);
  if (!t) throw new UsageError(`--trail must be required, organization or off, got '${v}'`);
  return t;
}

function parseCheckArgs(args: string[]): CliOptions {
  let format: CliOptions['format'] = 'text';
  let output: string | undefined;
  let failOn: Severity | 'none' = Severity.ERROR;
  let color: boolean | undefined;
  let trail: TrailRequirement | undefined;
  let only: string[] | undefined;
  let skip: string[] | undefined;
  let publicPorts: number[] | undefined;
  let date: Date | undefined;
  let includePassed = false;
  const severity: Record<string, Severity> = {};
  const inputs: string[] = [];

  // A config file applies first; flags given on the command line win.
  const configIdx = args.findIndex((a) => a === '--config' || a.startsWith('--config='));
  if (configIdx >= 0) {
    const file = args[configIdx].includes('=') ? args[configIdx].split('=').slice(1).join('=') : args[configIdx + 1];
    if (!file) throw new UsageError('--config needs a file');
    let cfg: any;
    try {
      cfg = JSON.parse(fs.readFileSync(file, 'utf-8'));
    } catch (e) {
      throw new InputError(file, `cannot read the config file: ${(e as Error).message}`);
    }
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) throw new InputError(file, 'the config file must hold a JSON object');
    const known = ['format', 'output', 'failOn', 'trail', 'rules', 'skip', 'severity', 'publicPorts', 'date', 'includePassed'];
    for (const k of Object.keys(cfg)) {
      if (!known.includes(k)) throw new InputError(file, `unknown option '${k}' in the config file: use ${known.join(', ')}`);
    }
    if (cfg.format !== undefined) format = parseFormat(String(cfg.format));
    if (cfg.output !== undefined) output = String(cfg.output);
    if (cfg.failOn !== undefined) failOn = parseLevel(String(cfg.failOn), 'failOn');
    if (cfg.trail !== undefined) trail = parseTrail(String(cfg.trail));
    if (cfg.rules !== undefined) only = Array.isArray(cfg.rules) ? cfg.rules.map(String) : splitList(String(cfg.rules));
    if (cfg.skip !== undefined) skip = Array.isArray(cfg.skip) ? cfg.skip.map(String) : splitList(String(cfg.skip));
    if (cfg.severity !== undefined) {
      for (const [k, v] of Object.entries(cfg.severity)) severity[k] = parseSeverity(String(v), k);
    }
    if (cfg.publicPorts !== undefined) publicPorts = parsePorts(cfg.publicPorts, 'publicPorts');
    if (cfg.date !== undefined) date = parseDate(String(cfg.date));
    if (cfg.includePassed !== undefined) includePassed = Boolean(cfg.includePassed);
  }

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let name = arg;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      name = arg.slice(0, arg.indexOf('='));
      inline = arg.slice(arg.indexOf('=') + 1);
    }
    const value = () => {
      if (inline !== undefined) return inline;
      const v = args[++i];
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--format': format = parseFormat(value()); break;
      case '--output': case '-o': output = value(); break;
      case '--fail-on': failOn = parseLevel(value(), '--fail-on'); break;
      case '--trail': trail = parseTrail(value()); break;
      case '--rules': only = splitList(value()); break;
      case '--skip': skip = splitList(value()); break;
      case '--severity': {
        const v = value();
        const eq = v.indexOf('=');
        if (eq < 0) throw new UsageError(`--severity takes RULE=level, got '${v}'`);
        severity[v.slice(0, eq)] = parseSeverity(v.slice(eq + 1), v.slice(0, eq));
        break;
      }
      case '--public-ports': publicPorts = parsePorts(value(), '--public-ports'); break;
      case '--date': date = parseDate(value()); break;
      case '--include-passed': includePassed = true; break;
      case '--config': value(); break;
      case '--no-color': color = false; break;
      case '--color': color = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}' (see --help)`);
        inputs.push(arg);
    }
  }
  if (inputs.length === 0) throw new UsageError('check needs at least one template file or cdk.out directory');
  const engine: EngineOptions = { only, skip, severityOverrides: severity, publicPorts, trail, date, includePassed };
  // Validate rule IDs up front: a typo is a usage error, not a silent skip.
  try {
    resolveRunConfig(engine);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { format, output, failOn, color, engine, inputs };
}

function parseFormat(v: string): CliOptions['format'] {
  if (v === 'text' || v === 'json' || v === 'sarif') return v;
  throw new UsageError(`--format must be text, json or sarif, got '${v}'`);
}

function parseSeverity(v: string, rule: string): Severity {
  if (v === 'error') return Severity.ERROR;
  if (v === 'warning') return Severity.WARNING;
  throw new UsageError(`severity of ${rule} must be error or warning, got '${v}'`);
}

function parseDate(v: string): Date {
  try {
    return parseIsoDate(v, '--date');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
