/**
 * Values as the rules see them, after intrinsic functions have been resolved.
 *
 * A resolved value is plain JSON with two additions:
 * - an `Unknown` object stands for a whole value the engine cannot know at synth time;
 * - a string may contain holes: `⟦name⟧` is a specific value the engine cannot spell
 *   but knows is not a wildcard (a `Ref` to a resource, `AWS::Region`), `⟪name⟫` is a
 *   part that could be anything (a `Ref` to a parameter without `AllowedValues`).
 */

/** A value that cannot be known at synth time. */
export class Unknown {
  constructor(public readonly reason: string) {}
  public toString() {
    return `⟪${this.reason}⟫`;
  }
}

export const SPECIFIC_OPEN = '⟦';
export const SPECIFIC_CLOSE = '⟧';
export const UNKNOWN_OPEN = '⟪';
export const UNKNOWN_CLOSE = '⟫';

/** Hole names never contain ':' or '/', so ARNs and paths split cleanly around them. */
function holeName(name: string) {
  return name.includes(':') || name.includes('/') ? name.replace(/[:/]+/g, '.') : name;
}

export function specificHole(name: string): string {
  return `${SPECIFIC_OPEN}${holeName(name)}${SPECIFIC_CLOSE}`;
}

export function unknownHole(name: string): string {
  return `${UNKNOWN_OPEN}${holeName(name)}${UNKNOWN_CLOSE}`;
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** True when the value is unknown or a string with a part that could be anything. */
export function isUncertain(v: unknown): boolean {
  return v instanceof Unknown || (typeof v === 'string' && v.includes(UNKNOWN_OPEN));
}

/** True when a string has a part that could be anything. */
export function hasUnknownPart(s: string): boolean {
  return s.includes(UNKNOWN_OPEN);
}

/** True when a string has a hole of any kind. */
export function hasHole(s: string): boolean {
  return s.includes(UNKNOWN_OPEN) || s.includes(SPECIFIC_OPEN);
}

/**
 * Whether every part of a string that could be anything names one value: a `Ref` or a
 * `GetAtt` (of a parameter, a custom resource), a pseudo parameter (`AWS::StackName`).
 * The same string written twice in one template then has the same value twice, so it
 * can identify a resource; a hole that stands for a kind of value (`Fn::ImportValue`, a
 * computed `Fn::Select`) can hide two different values behind the same text.
 */
export function holesNameValues(s: string): boolean {
  let from = 0;
  for (;;) {
    const open = s.indexOf(UNKNOWN_OPEN, from);
    if (open < 0) return true;
    const close = s.indexOf(UNKNOWN_CLOSE, open);
    const name = s.slice(open + 1, close < 0 ? s.length : close);
    if (!name.startsWith('Ref.') && !name.startsWith('GetAtt.') && !name.startsWith('AWS.')) return false;
    if (close < 0) return true;
    from = close + 1;
  }
}

/**
 * The names an `Fn::Sub` string substitutes: `Name` for `${Name}`, `Res.Attr` for
 * `${Res.Attr}`, trimmed; `${!Literal}` (a literal `${Literal}`) is none.
 */
export function subPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}/g)) {
    const name = m[1].trim();
    if (name !== '' && !name.startsWith('!')) out.push(name);
  }
  return out;
}

/** A readable form of a resolved value for messages: holes become `${...}`. */
export function display(v: unknown): string {
  if (v instanceof Unknown) return `<${v.reason}>`;
  if (typeof v === 'string') {
    return v.replace(/⟦([^⟧]*)⟧/g, '${$1}').replace(/⟪([^⟫]*)⟫/g, '${$1}');
  }
  if (v === undefined) return '(absent)';
  try {
    return JSON.stringify(v, (_k, x) => (x instanceof Unknown ? `<${x.reason}>` : x));
  } catch {
    return String(v);
  }
}

/** Wraps a scalar in a list; lists stay lists; undefined becomes []. */
export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

/** Whether a value is one intrinsic function call: an object whose only key is `Ref` or `Fn::…`. */
export function isIntrinsic(value: unknown): boolean {
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

/** CloudFormation's loose booleans: true, "true", "True". Unknown stays unknown. */
export function asBool(v: unknown): boolean | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (hasUnknownPart(v) || v.includes(SPECIFIC_OPEN)) return new Unknown(display(v));
    const s = v.trim().toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  if (typeof v === 'number') return v !== 0;
  return new Unknown(`not a boolean: ${display(v)}`);
}

/** CloudFormation's loose numbers: 22, "22". Unknown stays unknown. */
export function asNumber(v: unknown): number | Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (hasHole(v)) return new Unknown(display(v));
    const t = v.trim();
    if (t !== '' && !isNaN(Number(t))) return Number(t);
  }
  return new Unknown(`not a number: ${display(v)}`);
}

/** Case-insensitive lookup of an object key (condition operators and keys are case-insensitive in IAM). */
export function getCI(obj: Record<string, unknown>, key: string): unknown {
  const k = key.toLowerCase();
  // for-in over a parsed or resolved (plain) object: its own keys, in Object.entries' order, without the pairs.
  for (const name in obj) {
    if (name.toLowerCase() === k) return obj[name];
  }
  return undefined;
}

/** Converts a simple wildcard pattern (`*`, `?`) to a regular expression. */
export function wildcardToRegExp(pattern: string): RegExp {
  let re = WILDCARD_CACHE.get(pattern);
  if (!re) {
    re = compileWildcard(pattern);
    if (WILDCARD_CACHE.size > 10_000) WILDCARD_CACHE.clear();
    WILDCARD_CACHE.set(pattern, re);
  }
  return re;
}

const WILDCARD_CACHE = new Map<string, RegExp>();

function compileWildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}
