import { Cidr, cidrDetail, cidrText, IpFamily, readCidr } from './cidr';
import { NO, Tri, YES, maybe, tri } from './tri';
import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { RuleContext } from '../../rule';
import { Unknown, asNumber, display, isObject, isUnknown } from '../../values';

/** Which way a security group rule lets traffic through. */
export type Direction = 'ingress' | 'egress';

/** A rule's protocol, normalized from CloudFormation's loose forms (`-1`, `"-1"`, `all`, `tcp`, `6`, ...). */
export type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other';

/** The highest port number. */
export const MAX_PORT = 65535;

/** An inclusive port range. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The ports of a rule: a known range, or unknown (`single` when `FromPort` and `ToPort` are the same expression, so one port). */
export type Ports = { readonly known: true; readonly range: PortRange } | { readonly known: false; readonly single: boolean; readonly path: string };

/** The other side of a rule. */
export type Peer =
  | { readonly kind: 'cidr'; readonly cidr: Cidr; readonly path: string }
  /** A security group or a prefix list that is not in the template: a named source, not judged. */
  | { readonly kind: 'named' }
  | { readonly kind: 'unknown'; readonly path: string };

/** One way a security group rule can turn out, with its values resolved. */
export interface SgRuleVariant {
  readonly direction: Direction;
  /** Where the rule is: `Properties.SecurityGroupIngress.0` for an inline rule, `Properties` for a standalone one. */
  readonly path: string;
  /** The protocol, or undefined when it cannot be known. */
  readonly protocol?: Protocol;
  /** The protocol as written (`tcp`, `6`, `-1`), for messages. */
  readonly protocolText: string;
  readonly ports: Ports;
  readonly peer: Peer;
}

/** A rule whose whole value cannot be known (an unknown list element). */
export interface SgRuleUnknown {
  readonly direction: Direction;
  readonly path: string;
  readonly unknown: true;
}

export type SgRuleAlternative = SgRuleVariant | SgRuleUnknown;

export function isUnknownRule(r: SgRuleAlternative): r is SgRuleUnknown {
  return (r as SgRuleUnknown).unknown === true;
}

const INLINE_PROPERTY: Record<Direction, string> = { ingress: 'SecurityGroupIngress', egress: 'SecurityGroupEgress' };

/**
 * Every rule of `direction` a security group resource holds: the inline
 * `SecurityGroupIngress`/`SecurityGroupEgress` of an `AWS::EC2::SecurityGroup`, or
 * the standalone `AWS::EC2::SecurityGroupIngress`/`AWS::EC2::SecurityGroupEgress`
 * itself. Each rule comes as every variant its values can take.
 */
export function securityGroupRules(resource: ResourceView, ctx: RuleContext, direction: Direction): SgRuleAlternative[] {
  // NET1-NET3 read the same ingress rules of a resource: resolve them once.
  let cached = RULES_CACHE.get(resource);
  if (!cached) RULES_CACHE.set(resource, (cached = new Map()));
  let rules = cached.get(direction);
  if (!rules) cached.set(direction, (rules = readRules(resource, ctx, direction)));
  return rules;
}

const RULES_CACHE = new WeakMap<ResourceView, Map<Direction, SgRuleAlternative[]>>();

function readRules(resource: ResourceView, ctx: RuleContext, direction: Direction): SgRuleAlternative[] {
  if (resource.type === 'AWS::EC2::SecurityGroup') {
    const name = INLINE_PROPERTY[direction];
    const raw = resource.prop(name);
    const out: SgRuleAlternative[] = [];
    if (Array.isArray(raw)) {
      raw.forEach((element, i) => {
        for (const alt of ctx.items([element])) out.push(...ruleVariants(alt, `Properties.${name}.${i}`, direction, ctx));
      });
    } else {
      for (const alt of ctx.items(raw)) out.push(...ruleVariants(alt, `Properties.${name}`, direction, ctx));
    }
    return out;
  }
  const standalone = direction === 'ingress' ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress';
  if (resource.type !== standalone) return [];
  if (resource.unreadable) return [{ direction, path: 'Properties', unknown: true }];
  return ruleVariants(resource.properties, 'Properties', direction, ctx);
}

/**
 * For NET4: the ways an `AWS::EC2::SecurityGroup`'s egress list can be absent or
 * empty (then AWS adds its allow-all egress rule). `yes` when some variant leaves it
 * without egress rules, `maybe` when the list itself cannot be known.
 */
export function hasDefaultEgress(resource: ResourceView, ctx: RuleContext): Tri {
  const path = `Properties.${INLINE_PROPERTY.egress}`;
  if (resource.unreadable) return maybe(path);
  let unknown = false;
  // Only the list's shape matters here, so `Fn::If` is followed structurally rather
  // than resolving every value of every rule.
  for (const branch of rawBranches(resource.prop(INLINE_PROPERTY.egress))) {
    if (branch === undefined || branch === null || isNoValue(branch)) return YES;
    if (Array.isArray(branch)) {
      // Empty, or every element may vanish (`Fn::If` with an `AWS::NoValue` branch).
      if (branch.every((el) => rawBranches(el).some(isNoValue))) return YES;
      continue;
    }
    for (const v of ctx.variants(branch)) {
      if (v === undefined || v === null || v === NO_VALUE || (Array.isArray(v) && v.length === 0)) return YES;
      if (!Array.isArray(v)) unknown = true;
    }
  }
  return unknown ? maybe(path) : NO;
}

function isNoValue(raw: unknown): boolean {
  return isObject(raw) && raw.Ref === 'AWS::NoValue';
}

function ruleVariants(raw: unknown, path: string, direction: Direction, ctx: RuleContext): SgRuleAlternative[] {
  if (!isObject(raw)) return [{ direction, path, unknown: true }];
  const protocols = ctx.variants(raw.IpProtocol).map((v) => readProtocol(v));
  const portAlternatives = readPorts(raw, path, ctx);
  const peers = readPeers(raw, path, direction, ctx);
  // Beyond this many combinations the rule is reported as unknown rather than enumerated.
  if (protocols.length * portAlternatives.length * peers.length > 512) return [{ direction, path, unknown: true }];

  const out: SgRuleVariant[] = [];
  for (const p of protocols) {
    for (const ports of portAlternatives) {
      for (const peer of peers) {
        out.push({ direction, path, protocol: p.protocol, protocolText: p.text, ports, peer });
      }
    }
  }
  return out;
}

/** Normalizes an `IpProtocol` value. */
export function readProtocol(v: unknown): { protocol?: Protocol; text: string } {
  if (v === undefined || v === NO_VALUE) return { text: '(absent)' };
  const text = display(v);
  if (isUnknown(v) || (typeof v !== 'string' && typeof v !== 'number')) return { text };
  const s = String(v).trim().toLowerCase();
  if (s.includes('⟪') || s.includes('⟦')) return { text };
  switch (s) {
    case '-1':
    case 'all':
      return { protocol: 'all', text: 'all' };
    case 'tcp':
    case '6':
      return { protocol: 'tcp', text: 'tcp' };
    case 'udp':
    case '17':
      return { protocol: 'udp', text: 'udp' };
    case 'icmp':
    case '1':
      return { protocol: 'icmp', text: 'icmp' };
    case 'icmpv6':
    case '58':
      return { protocol: 'icmpv6', text: 'icmpv6' };
    default:
      return { protocol: 'other', text: s };
  }
}

/**
 * The port alternatives of a rule. `FromPort` and `ToPort` written as the same
 * expression (the same `Ref`) are one port: resolved together, never crossed.
 * A TCP/UDP rule without ports, or with `-1`, is judged as all ports (what the
 * rule would open if EC2 accepted it).
 */
function readPorts(raw: Record<string, unknown>, path: string, ctx: RuleContext): Ports[] {
  const fromRaw = raw.FromPort;
  const toRaw = raw.ToPort;
  const same = fromRaw !== undefined && JSON.stringify(fromRaw) === JSON.stringify(toRaw);
  const pairs: Array<[unknown, unknown]> = [];
  if (same) {
    for (const v of ctx.variants(fromRaw)) pairs.push([v, v]);
  } else {
    for (const f of ctx.variants(fromRaw)) for (const t of ctx.variants(toRaw)) pairs.push([f, t]);
  }
  const out: Ports[] = [];
  for (const [f, t] of pairs) {
    const from = portNumber(f);
    const to = portNumber(t);
    if (isUnknown(from) || isUnknown(to)) {
      out.push({ known: false, single: same, path: `${path}.${isUnknown(from) ? 'FromPort' : 'ToPort'}` });
      continue;
    }
    const lo = from === undefined || from < 0 ? 0 : from;
    const hi = to === undefined || to < 0 ? MAX_PORT : to;
    out.push({ known: true, range: { from: Math.min(lo, hi), to: Math.max(lo, hi) } });
  }
  return out;
}

function portNumber(v: unknown): number | Unknown | undefined {
  if (v === NO_VALUE) return undefined;
  return asNumber(v);
}

/** The peers (sources for ingress, destinations for egress) a rule can have. */
function readPeers(raw: Record<string, unknown>, path: string, direction: Direction, ctx: RuleContext): Peer[] {
  const out: Peer[] = [];
  const cidrField = (name: string, family: IpFamily) => {
    for (const v of ctx.variants(raw[name])) {
      const c = readCidr(v, family);
      if (c) out.push({ kind: 'cidr', cidr: c, path: `${path}.${name}` });
    }
  };
  cidrField('CidrIp', 4);
  cidrField('CidrIpv6', 6);
  const prefixListField = direction === 'ingress' ? 'SourcePrefixListId' : 'DestinationPrefixListId';
  if (raw[prefixListField] !== undefined) out.push(...prefixListPeers(raw[prefixListField], `${path}.${prefixListField}`, ctx));
  if (out.length === 0) out.push({ kind: 'named' });
  return out;
}

/**
 * A prefix list defined in the same template is judged by its entries (a
 * `0.0.0.0/0` entry is as open as a `CidrIp` of `0.0.0.0/0`); any other prefix
 * list (AWS-managed, imported) is a named source.
 */
function prefixListPeers(raw: unknown, path: string, ctx: RuleContext): Peer[] {
  const out: Peer[] = [];
  for (const alt of rawBranches(raw)) {
    const id = referencedLogicalId(alt);
    const list = id !== undefined ? ctx.template.resource(id) : undefined;
    if (!list || list.type !== 'AWS::EC2::PrefixList') {
      out.push({ kind: 'named' });
      continue;
    }
    const familyValue = ctx.variants(list.prop('AddressFamily'))[0];
    const family: IpFamily = typeof familyValue === 'string' && familyValue.toLowerCase() === 'ipv6' ? 6 : 4;
    const entries = ctx.items(list.prop('Entries'));
    for (const entry of entries) {
      if (!isObject(entry)) {
        out.push({ kind: 'unknown', path });
        continue;
      }
      for (const v of ctx.variants(entry.Cidr)) {
        const c = readCidr(v, family);
        if (c) out.push({ kind: 'cidr', cidr: c, path });
      }
    }
  }
  return out.length > 0 ? out : [{ kind: 'named' }];
}

/** The branches of a raw `Fn::If` (recursively), or the value itself. */
export function rawBranches(raw: unknown): unknown[] {
  if (isObject(raw) && Array.isArray(raw['Fn::If']) && raw['Fn::If'].length === 3) {
    return [...rawBranches(raw['Fn::If'][1]), ...rawBranches(raw['Fn::If'][2])];
  }
  return [raw];
}

/** The logical ID a raw `{Ref}` / `{Fn::GetAtt}` names. */
export function referencedLogicalId(raw: unknown): string | undefined {
  if (!isObject(raw)) return undefined;
  if (typeof raw.Ref === 'string') return raw.Ref;
  const att = raw['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

// ---- Judging helpers shared by NET1-NET4 ----

/** The rule's protocol is TCP, UDP or all protocols. */
export function isTcpUdpOrAll(r: SgRuleVariant): Tri {
  if (r.protocol === undefined) return maybe(`${r.path}.IpProtocol`);
  return r.protocol === 'all' || r.protocol === 'tcp' || r.protocol === 'udp' ? YES : NO;
}

/** The peer is a CIDR for which `test` holds (a security group or foreign prefix list never does). */
export function peerIs(r: SgRuleVariant, test: (c: Cidr, path: string) => Tri): Tri {
  if (r.peer.kind === 'named') return NO;
  if (r.peer.kind === 'unknown') return maybe(r.peer.path);
  return test(r.peer.cidr, r.peer.path);
}

/**
 * The rule opens a TCP/UDP port for which `test` holds. All protocols open every
 * port; a TCP/UDP range is tested; an unknown range is `maybe`.
 */
export function opensPort(r: SgRuleVariant, test: (range: PortRange) => boolean): Tri {
  if (r.protocol === 'all') return tri(test({ from: 0, to: MAX_PORT }));
  if (r.protocol !== 'tcp' && r.protocol !== 'udp') return r.protocol === undefined ? maybe(`${r.path}.IpProtocol`) : NO;
  if (!r.ports.known) return maybe(r.ports.path);
  return tri(test(r.ports.range));
}

/**
 * All traffic (NET3, NET4): all protocols, or every TCP or UDP port (0-65535 or
 * 1-65535). One port written as the same expression for `FromPort` and `ToPort` is
 * never all ports, even when its value is unknown.
 */
export function isAllTraffic(r: SgRuleVariant): Tri {
  if (r.protocol === undefined) return maybe(`${r.path}.IpProtocol`);
  if (r.protocol === 'all') return YES;
  if (r.protocol !== 'tcp' && r.protocol !== 'udp') return NO;
  if (!r.ports.known) return r.ports.single ? NO : maybe(r.ports.path);
  return tri(coversAllPorts(r.ports.range));
}

export function coversAllPorts(range: PortRange): boolean {
  return range.from <= 1 && range.to >= MAX_PORT;
}

/** `tcp/22`, `udp/1000-2000`, `all`: the traffic a rule opens, for details and messages. */
export function trafficText(r: SgRuleVariant): string {
  if (r.protocol === 'all') return 'all';
  if (!r.ports.known) return `${r.protocolText}/?`;
  const { from, to } = r.ports.range;
  return `${r.protocolText}/${from === to ? from : `${from}-${to}`}`;
}

/** The peer for messages. */
export function peerText(r: SgRuleVariant): string {
  return r.peer.kind === 'cidr' ? cidrText(r.peer.cidr) : r.peer.kind === 'named' ? 'a named source' : 'an unknown source';
}

/** The peer for details (`0.0.0.0/0`, `Any-IPv6`, `10.0.0.0/8`). */
export function peerDetail(r: SgRuleVariant): string {
  return r.peer.kind === 'cidr' ? cidrDetail(r.peer.cidr) : 'unknown';
}

/** Human words for a rule's location: `inline ingress rule 0` or `the rule`. */
export function ruleWhere(r: { path: string; direction: Direction }): string {
  const m = /\.(\d+)$/.exec(r.path);
  if (r.path === 'Properties') return `its ${r.direction} rule`;
  return m ? `inline ${r.direction} rule #${Number(m[1]) + 1}` : `an inline ${r.direction} rule`;
}

/**
 * Collects findings per detail, so one security group that opens the same traffic
 * to both `0.0.0.0/0` and `::/0` gets one finding naming both, and reports them.
 */
export class FindingCollector {
  private readonly hits = new Map<string, { peers: Set<string>; where: Set<string>; describe: (peers: string, where: string) => string }>();
  private readonly unresolved = new Map<string, string>();

  public add(detail: string, peer: string, where: string, describe: (peers: string, where: string) => string) {
    let h = this.hits.get(detail);
    if (!h) this.hits.set(detail, (h = { peers: new Set(), where: new Set(), describe }));
    h.peers.add(peer);
    h.where.add(where);
  }

  public addUnresolved(path: string, what: string) {
    if (!this.unresolved.has(path)) this.unresolved.set(path, what);
  }

  public report(ctx: RuleContext) {
    for (const [detail, h] of this.hits) {
      ctx.report({ detail, message: h.describe(joinWords([...h.peers]), joinWords([...h.where])) });
    }
    for (const [path, what] of this.unresolved) ctx.unresolved(path, what);
  }
}

export function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Runs an ingress/egress rule judgement over every rule variant of a resource:
 * `violates` returns whether the variant breaks the rule; a `yes` is passed to
 * `onHit`, a `maybe` becomes an unresolved finding naming what could not be known.
 */
export function judgeRules(
  resource: ResourceView,
  ctx: RuleContext,
  direction: Direction,
  violates: (r: SgRuleVariant) => Tri,
  onHit: (r: SgRuleVariant, collector: FindingCollector) => void,
): FindingCollector {
  const collector = new FindingCollector();
  for (const alt of securityGroupRules(resource, ctx, direction)) {
    if (isUnknownRule(alt)) {
      collector.addUnresolved(alt.path, `An ${direction} rule of ${resource.displayName}`);
      continue;
    }
    const t = violates(alt);
    if (t.is === 'yes') onHit(alt, collector);
    else if (t.is === 'maybe') collector.addUnresolved(t.path, `${fieldWords(t.path)} of ${ruleWhere(alt)} of ${resource.displayName}`);
  }
  return collector;
}

/** What the property at the end of `path` is, in words. */
function fieldWords(path: string): string {
  const field = path.split('.').pop() ?? '';
  switch (field) {
    case 'CidrIp':
    case 'CidrIpv6':
      return `The CIDR (${field})`;
    case 'SourcePrefixListId':
    case 'DestinationPrefixListId':
      return `An entry of the prefix list (${field})`;
    case 'IpProtocol':
      return 'The protocol (IpProtocol)';
    case 'FromPort':
    case 'ToPort':
      return `The port range (${field})`;
    default:
      return 'The value';
  }
}
