import { Cidr, cidrText, isAnywhere, readCidr } from './cidr';
import { MAX_PORT, Ports, Protocol, readProtocol, referencedLogicalId } from './security-group-rules';
import { NO, Tri, YES, allOf, anyOf, maybe, not, tri } from './tri';
import { ResourceView, TemplateModel } from '../../model';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { Unknown, asBool, asNumber, isObject, isUnknown } from '../../values';

/** The ports NET6 protects: SSH and RDP. */
export const NACL_ADMIN_PORTS: readonly number[] = [22, 3389];

/** One way a network ACL entry can turn out, its values resolved. */
interface EntryVariant {
  readonly ruleNumber?: number;
  readonly protocol?: Protocol;
  readonly action?: 'allow' | 'deny';
  readonly egress?: boolean;
  readonly cidr?: Cidr;
  readonly ports: Ports;
}

/** A network ACL entry with every variant of its values. */
interface Entry {
  readonly resource: ResourceView;
  /** True when the entry has a `Condition`, so it may not exist. */
  readonly conditional: boolean;
  readonly variants: EntryVariant[];
}

/** Entries grouped by ACL, built once per template (the ACL is the raw `NetworkAclId` expression). */
const ENTRIES_BY_ACL = new WeakMap<TemplateModel, Map<string, Entry[]>>();

function aclKey(entry: ResourceView): string {
  // `Ref Acl` and `Fn::GetAtt Acl.Id` name the same ACL; anything else (a parameter, an import) is keyed by its expression.
  const raw = entry.prop('NetworkAclId');
  const id = referencedLogicalId(raw);
  if (id !== undefined && entry.template.resource(id)) return `resource:${id}`;
  return JSON.stringify(raw ?? null);
}

function entriesOfAcl(resource: ResourceView, ctx: RuleContext): Entry[] {
  let byAcl = ENTRIES_BY_ACL.get(ctx.template);
  if (!byAcl) {
    byAcl = new Map();
    for (const r of ctx.template.byType('AWS::EC2::NetworkAclEntry')) {
      const key = aclKey(r);
      let list = byAcl.get(key);
      if (!list) byAcl.set(key, (list = []));
      list.push({ resource: r, conditional: r.definition.Condition !== undefined, variants: entryVariants(r, ctx) });
    }
    ENTRIES_BY_ACL.set(ctx.template, byAcl);
  }
  return byAcl.get(aclKey(resource)) ?? [];
}

const MAX_ENTRY_VARIANTS = 64;

function entryVariants(r: ResourceView, ctx: RuleContext): EntryVariant[] {
  if (r.unreadable) return [{ ports: { known: false, single: false, path: 'Properties.PortRange' } }];
  const v = (name: string) => ctx.variants(r.prop(name));
  const ruleNumbers = v('RuleNumber').map((x) => known(asNumber(x === NO_VALUE ? undefined : x)));
  const protocols = v('Protocol').map((x) => readProtocol(x).protocol);
  const actions = v('RuleAction').map((x) => {
    const s = typeof x === 'string' ? x.trim().toLowerCase() : undefined;
    return s === 'allow' || s === 'deny' ? s : undefined;
  });
  const egresses = v('Egress').map((x) => {
    const b = asBool(x === NO_VALUE ? undefined : x);
    return b === undefined ? false : isUnknown(b) ? undefined : b;
  });
  const cidrs: Array<Cidr | undefined> = [];
  for (const x of v('CidrBlock')) {
    const c = readCidr(x, 4);
    if (c) cidrs.push(c);
  }
  for (const x of v('Ipv6CidrBlock')) {
    const c = readCidr(x, 6);
    if (c) cidrs.push(c);
  }
  if (cidrs.length === 0) cidrs.push(undefined);
  const ports = portAlternatives(r, ctx);

  const out: EntryVariant[] = [];
  for (const ruleNumber of ruleNumbers) {
    for (const protocol of protocols) {
      for (const action of actions) {
        for (const egress of egresses) {
          for (const cidr of cidrs) {
            for (const p of ports) {
              out.push({ ruleNumber, protocol, action, egress, cidr, ports: p });
              if (out.length > MAX_ENTRY_VARIANTS) {
                return [{ ports: { known: false, single: false, path: 'Properties.PortRange' } }];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

function known(n: number | Unknown | undefined): number | undefined {
  return typeof n === 'number' ? n : undefined;
}

/** `PortRange.From`/`To`; the same expression for both is one port; absent means all ports. */
function portAlternatives(r: ResourceView, ctx: RuleContext): Ports[] {
  const out: Ports[] = [];
  const raw = r.prop('PortRange');
  // `items` drops an `AWS::NoValue` branch, which means the property is absent (all ports): keep it.
  const ranges = ctx.variants(raw).includes(NO_VALUE) ? [...ctx.items([raw]), NO_VALUE] : ctx.items([raw]);
  for (const range of ranges) {
    if (range === undefined || range === NO_VALUE) {
      out.push({ known: true, range: { from: 0, to: MAX_PORT } });
      continue;
    }
    if (!isObject(range)) {
      out.push({ known: false, single: false, path: 'Properties.PortRange' });
      continue;
    }
    const same = range.From !== undefined && JSON.stringify(range.From) === JSON.stringify(range.To);
    const pairs: Array<[unknown, unknown]> = [];
    if (same) for (const f of ctx.variants(range.From)) pairs.push([f, f]);
    else for (const f of ctx.variants(range.From)) for (const t of ctx.variants(range.To)) pairs.push([f, t]);
    for (const [f, t] of pairs) {
      const from = asNumber(f === NO_VALUE ? undefined : f);
      const to = asNumber(t === NO_VALUE ? undefined : t);
      if (isUnknown(from) || isUnknown(to)) {
        out.push({ known: false, single: same, path: `Properties.PortRange.${isUnknown(from) ? 'From' : 'To'}` });
      } else {
        const lo = from === undefined || from < 0 ? 0 : from;
        const hi = to === undefined || to < 0 ? MAX_PORT : to;
        out.push({ known: true, range: { from: Math.min(lo, hi), to: Math.max(lo, hi) } });
      }
    }
  }
  if (out.length === 0) out.push({ known: true, range: { from: 0, to: MAX_PORT } });
  return out;
}

// ---- Conditions, as three-valued answers. `path` names the entry's property that could not be known. ----

function field(entry: ResourceView, own: ResourceView, name: string): string {
  // A property of the judged entry is `Properties.X`; one of another entry is `<LogicalId>.Properties.X`.
  return entry === own ? `Properties.${name}` : `${entry.logicalId}.Properties.${name}`;
}

function isAction(e: EntryVariant, action: 'allow' | 'deny', at: (n: string) => string): Tri {
  return e.action === undefined ? maybe(at('RuleAction')) : tri(e.action === action);
}

function isIngress(e: EntryVariant, at: (n: string) => string): Tri {
  return e.egress === undefined ? maybe(at('Egress')) : tri(!e.egress);
}

/** The entry matches TCP traffic (protocol TCP or all). */
function matchesTcp(e: EntryVariant, at: (n: string) => string): Tri {
  return e.protocol === undefined ? maybe(at('Protocol')) : tri(e.protocol === 'all' || e.protocol === 'tcp');
}

/** The entry matches TCP `port` (ports are ignored for all protocols). */
function matchesPort(e: EntryVariant, port: number): Tri {
  if (e.protocol === 'all') return YES;
  if (!e.ports.known) return maybe(e.ports.path);
  return tri(e.ports.range.from <= port && port <= e.ports.range.to);
}

function matchesPortAt(e: EntryVariant, port: number, at: (n: string) => string): Tri {
  const t = matchesPort(e, port);
  return t.is === 'maybe' ? maybe(at(t.path.replace(/^Properties\./, ''))) : t;
}

function cidrOf(e: EntryVariant, at: (n: string) => string): Tri | Cidr {
  return e.cidr ?? maybe(at('CidrBlock'));
}

/** The deny entry's source covers all of `family` (so it blocks traffic from anywhere of that family). */
function coversAll(e: EntryVariant, family: 4 | 6, at: (n: string) => string): Tri {
  const c = cidrOf(e, at);
  if ('is' in c) return c;
  if (c.family !== family) return NO;
  return isAnywhere(c, at(family === 6 ? 'Ipv6CidrBlock' : 'CidrBlock'));
}

function before(d: EntryVariant, a: EntryVariant, at: (n: string) => string, own: (n: string) => string): Tri {
  if (a.ruleNumber === undefined) return maybe(own('RuleNumber'));
  if (d.ruleNumber === undefined) return maybe(at('RuleNumber'));
  return tri(d.ruleNumber < a.ruleNumber);
}

/**
 * Whether deny entry `deny` (every variant of it, and it must exist) blocks TCP
 * `port` from anywhere of `family` before allow variant `a`.
 */
function blocks(deny: Entry, port: number, family: 4 | 6, a: EntryVariant, judged: ResourceView): Tri {
  if (deny.conditional) return NO;
  const at = (n: string) => field(deny.resource, judged, n);
  const own = (n: string) => field(judged, judged, n);
  return allOf(
    ...deny.variants.map((d) =>
      allOf(
        isAction(d, 'deny', at),
        () => isIngress(d, at),
        () => before(d, a, at, own),
        () => matchesTcp(d, at),
        () => coversAll(d, family, at),
        () => matchesPortAt(d, port, at),
      ),
    ),
  );
}

/** NET6: a network ACL entry lets SSH or RDP in from anywhere. */
export const NET6: Rule = {
  id: 'NET6',
  family: 'network',
  severity: Severity.ERROR,
  title: 'Network ACLs do not let SSH or RDP in from anywhere',
  explanation:
    'A network ACL is the subnet\'s stateless firewall; an entry that admits SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0 exposes every instance in the ' +
    'subnet to remote administration attacks. The ACL is judged as AWS evaluates it: entries in rule-number order, per ACL and direction. An ingress allow ' +
    'entry fires when it lets TCP 22 or 3389 in from 0.0.0.0/0 or ::/0 (protocol TCP or all, a port range that includes the port) and no lower-numbered ' +
    'ingress deny of the same ACL already blocks that port from all of that address family for TCP (a UDP deny does not block TCP; a deny with a ' +
    '`Condition` may not exist and blocks nothing). An all-ports allow fires unless both 22 and 3389 are blocked. The detail names the traffic the entry ' +
    'allows: `Port::tcp/22`, `Port::tcp/0-65535`, `Port::all` for all protocols.',
  fix:
    'Allow SSH/RDP only from known ranges, or add lower-numbered deny entries for 22 and 3389 from 0.0.0.0/0 and ::/0 (better: use Session Manager and ' +
    'open neither). In CDK, `networkAcl.addEntry(id, { cidr: ec2.AclCidr.ipv4("10.0.0.0/16"), traffic: ec2.AclTraffic.tcpPort(22), ruleNumber, ' +
    'direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.ALLOW })`; in CloudFormation, narrow the entry\'s `CidrBlock`/`Ipv6CidrBlock` or its ' +
    '`PortRange`, or add an `AWS::EC2::NetworkAclEntry` with `RuleAction: deny` and a lower `RuleNumber`.',
  controls: ['EC2.21', 'CIS 5.1'],
  resourceTypes: ['AWS::EC2::NetworkAclEntry'],
  check(resource, ctx) {
    const self = entriesOfAcl(resource, ctx).find((e) => e.resource === resource);
    if (!self) return;
    const denies = entriesOfAcl(resource, ctx).filter((e) => e.resource !== resource);
    const own = (n: string) => field(resource, resource, n);
    const unresolved = new Set<string>();
    let fired = false;
    for (const a of self.variants) {
      const admits = allOf(isAction(a, 'allow', own), () => isIngress(a, own), () => matchesTcp(a, own));
      if (admits.is === 'no') continue;
      const source = cidrOf(a, own);
      const open = 'is' in source ? source : isAnywhere(source, own(a.cidr?.family === 6 ? 'Ipv6CidrBlock' : 'CidrBlock'));
      const exposed: number[] = [];
      let doubt: Tri | undefined;
      for (const port of NACL_ADMIN_PORTS) {
        const family = 'is' in source ? 4 : source.family;
        const t = allOf(
          admits,
          open,
          () => matchesPortAt(a, port, own),
          () => not(anyOf(denies.map((d) => blocks(d, port, family, a, resource)))),
        );
        if (t.is === 'yes') exposed.push(port);
        else if (t.is === 'maybe' && !doubt) doubt = t;
      }
      if (exposed.length > 0 && !('is' in source)) {
        const traffic = a.protocol === 'all' ? 'all' : a.ports.known ? `tcp/${rangeText(a.ports.range)}` : 'tcp/?';
        fired = true;
        ctx.report({
          detail: `Port::${traffic}`,
          message:
            `${resource.displayName} allows inbound ${traffic === 'all' ? 'all traffic' : traffic} from ${cidrText(source)} at rule ${a.ruleNumber}, ` +
            `and no lower-numbered deny blocks ${exposed.map((p) => (p === 22 ? 'SSH (22)' : 'RDP (3389)')).join(' or ')}`,
        });
      } else if (doubt && doubt.is === 'maybe') {
        unresolved.add(doubt.path);
      }
    }
    if (fired) return; // a definite finding says enough; the doubts of other variants add nothing
    for (const path of unresolved) ctx.unresolved(path, `A value that decides whether ${resource.displayName} lets SSH or RDP in from anywhere`);
  },
};

function rangeText(r: { from: number; to: number }): string {
  return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}
