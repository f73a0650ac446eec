import { NO, Tri, YES, maybe } from './tri';
import { NO_VALUE } from '../../resolve';
import { SPECIFIC_OPEN, display, hasUnknownPart, isUnknown } from '../../values';

/** IP version of a CIDR. */
export type IpFamily = 4 | 6;

/**
 * The widest source CIDR NET3 still accepts for all-traffic rules, per family.
 * IPv4: a /16, the largest block a VPC can have. IPv6: a /44, the largest IPv6 block
 * a VPC can have (through IPAM or BYOIP; Amazon-provided VPC blocks are /56). A
 * prefix shorter than these is wider than any one network of yours.
 */
export const WIDEST_TRUSTED_PREFIX: Readonly<Record<IpFamily, number>> = { 4: 16, 6: 44 };

/** A source or destination CIDR as a rule sees it. */
export interface Cidr {
  /** IP version: from the text when known, else from the property (`CidrIp` / `CidrIpv6`). */
  readonly family: IpFamily;
  /** The prefix length, when known (it can be known while the address is not: `${Base}/8`). */
  readonly prefix?: number;
  /** True when the value is fully known (no unknown part). */
  readonly known: boolean;
  /** True when the value is a specific value from the template (a resource attribute such as a VPC's `CidrBlock`). */
  readonly specific: boolean;
  /** The value for messages. */
  readonly text: string;
}

/** Reads a resolved CIDR value; `undefined` when the property is absent. */
export function readCidr(value: unknown, family: IpFamily): Cidr | undefined {
  if (value === undefined || value === null || value === NO_VALUE) return undefined;
  if (isUnknown(value) || typeof value !== 'string') {
    return { family, known: false, specific: false, text: display(value) };
  }
  const s = value.trim();
  const slash = s.lastIndexOf('/');
  const prefixText = slash >= 0 ? s.slice(slash + 1) : undefined;
  const prefix = prefixText !== undefined && /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : undefined;
  const literalParts = s.replace(/⟪[^⟫]*⟫|⟦[^⟧]*⟧/g, '');
  const fam: IpFamily = literalParts.includes(':') ? 6 : literalParts.includes('.') ? 4 : family;
  if (hasUnknownPart(s)) {
    return { family: fam, prefix, known: false, specific: false, text: display(s) };
  }
  if (s.includes(SPECIFIC_OPEN)) {
    return { family: fam, prefix, known: true, specific: true, text: display(s) };
  }
  const address = slash >= 0 ? s.slice(0, slash) : s;
  const valid = fam === 4 ? parseIpv4(address) !== undefined : parseIpv6(address) !== undefined;
  const max = fam === 4 ? 32 : 128;
  if (!valid || (prefixText !== undefined && (prefix === undefined || prefix > max))) {
    // Not a CIDR CloudFormation would accept: nothing can be proven about it.
    return { family: fam, known: false, specific: false, text: s };
  }
  return { family: fam, prefix: prefix ?? max, known: true, specific: false, text: s };
}

/** True when the CIDR is the whole address space of its family (`0.0.0.0/0`, `::/0`). */
export function isAnywhere(c: Cidr, path: string): Tri {
  // Any address with a /0 prefix is everything; a known non-zero prefix never is (`${Base}/8`).
  if (c.prefix !== undefined) return c.prefix === 0 ? YES : NO;
  if (c.specific) return NO; // a resource attribute such as a VPC's CIDR block
  return maybe(path);
}

/** True when the CIDR is wider than {@link WIDEST_TRUSTED_PREFIX} (NET3). */
export function isWide(c: Cidr, path: string): Tri {
  if (c.prefix !== undefined) return c.prefix < WIDEST_TRUSTED_PREFIX[c.family] ? YES : NO;
  if (c.specific) return NO; // a VPC's CIDR block is never wider than a /16 (IPv4) or /44 (IPv6)
  return maybe(path);
}

/**
 * The CIDR as it appears in a finding's detail: `0.0.0.0/0` for all of IPv4,
 * `Any-IPv6` for all of IPv6, IPv4 as written, and IPv6 written out in full
 * (`2001:db8:0:0:0:0:0:0/32`), because details never contain `::` except after the kind.
 */
export function cidrDetail(c: Cidr): string {
  if (c.prefix === 0) return c.family === 6 ? 'Any-IPv6' : '0.0.0.0/0';
  if (c.known && !c.specific && c.family === 6) {
    const slash = c.text.lastIndexOf('/');
    const groups = parseIpv6(slash >= 0 ? c.text.slice(0, slash) : c.text);
    if (groups) return `${groups.map((g) => g.toString(16)).join(':')}/${c.prefix}`;
  }
  return c.text.replace(/::/g, ':0:');
}

/** The CIDR for messages: `0.0.0.0/0`, `::/0`, or as written. */
export function cidrText(c: Cidr): string {
  if (c.prefix === 0 && c.known) return c.family === 6 ? '::/0' : '0.0.0.0/0';
  return c.text;
}

function parseIpv4(s: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
export function parseIpv6(s: string): number[] | undefined {
  let text = s.toLowerCase();
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) is two groups.
  const v4 = /(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (v4) {
    const p = parseIpv4(v4[1]);
    if (!p) return undefined;
    text = text.slice(0, v4.index) + `${(p[0] * 256 + p[1]).toString(16)}:${(p[2] * 256 + p[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h === '' ? [] : h.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}
