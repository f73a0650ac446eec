import * as fs from 'fs';
import * as path from 'path';
import { EngineOptions, resolveRunConfig } from './engine';
import { ChecklistOptions, FailOn } from './options-public';
import type { RuntimeDates } from './rule';
import { TrailRequirement } from './severity';

/** Defaults the rules use when the user sets nothing. */
export const RULE_DEFAULTS = {
  /** NET1: the public web ports (TLS4 catches HTTP that does not redirect). */
  publicPorts: [80, 443] as readonly number[],
};

/** Converts the public options into the engine's, validating them. */
export function toEngineOptions(o: ChecklistOptions = {}): EngineOptions {
  let date: Date | undefined;
  if (o.date !== undefined) date = parseIsoDate(o.date, 'date');
  const runtimeDates: Record<string, RuntimeDates> = {};
  for (const [rt, d] of Object.entries(o.runtimeDeprecations ?? {})) {
    parseIsoDate(d, `runtimeDeprecations['${rt}']`);
    runtimeDates[rt] = { deprecation: d };
  }
  if (o.trail !== undefined && !Object.values(TrailRequirement).includes(o.trail)) {
    throw new Error(`trail must be one of ${Object.values(TrailRequirement).join(', ')}, got '${o.trail}'`);
  }
  if (o.failOn !== undefined && !Object.values(FailOn).includes(o.failOn)) {
    throw new Error(`failOn must be one of ${Object.values(FailOn).join(', ')}, got '${o.failOn}'`);
  }
  const engine: EngineOptions = {
    skip: o.skip,
    only: o.rules,
    severityOverrides: o.severityOverrides,
    publicPorts: o.publicPorts,
    trail: o.trail,
    date,
    runtimeDates,
    includePassed: o.includePassed,
  };
  // Unknown rule IDs and bad ports are errors where they are written.
  resolveRunConfig(engine);
  return engine;
}

/** Parses `YYYY-MM-DD`, or throws an error naming the option. */
export function parseIsoDate(value: string, what: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`${what} must be a date as YYYY-MM-DD, got '${value}'`);
  }
  return new Date(`${value}T00:00:00Z`);
}

/** Writes a report file, refusing paths inside the cloud assembly directory. */
export function writeReportFile(file: string, content: string, assemblyDir: string | undefined, what: string) {
  const abs = path.resolve(file);
  if (assemblyDir) {
    const dir = path.resolve(assemblyDir);
    if (abs === dir || abs.startsWith(dir + path.sep)) {
      throw new Error(
        `${what} '${file}' is inside the cloud assembly directory (${assemblyDir}), which CDK owns: choose a path outside it, for example 'reports/hardened-report.json'`,
      );
    }
  }
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
}
