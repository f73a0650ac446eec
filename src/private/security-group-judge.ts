import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
// The same lists and limits the checklist rules judge by (NET2, NET3), so construct and checklist agree.
import { ADMIN_AND_DATABASE_PORTS } from '../checklist/rules/network/admin-port-ingress';
import { WIDEST_TRUSTED_PREFIX } from '../checklist/rules/network/cidr';

const MAX_PORT = 65535;

type Protocol = 'all' | 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'other';

/** A rule's traffic, read from `Port.toRuleJson()`. */
interface Traffic {
  readonly protocol: Protocol;
  readonly from: number;
  readonly to: number;
  /** `tcp/22`, `udp/1000-2000`, `all traffic`, for messages. */
  readonly text: string;
}

/** A CIDR peer, read from `IPeer.toIngressRuleConfig()` / `toEgressRuleConfig()`. */
interface CidrPeer {
  readonly family: 4 | 6;
  readonly prefix: number;
  readonly text: string;
}

/** Why a rule is refused. */
export interface Refusal {
  /** The checklist rule, bare (`NET1`). */
  readonly ruleId: string;
  /** What is wrong, lowercase, naming the value. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** What the security group has opted into. */
export interface SecurityGroupOptIns {
  readonly allowHttpForRedirect: boolean;
  readonly allowAllOutbound: boolean;
  readonly allowAllIpv6Outbound: boolean;
}

function normalizeProtocol(raw: string): Protocol {
  switch (raw.trim().toLowerCase()) {
    case '-1':
    case 'all':
      return 'all';
    case 'tcp':
    case '6':
      return 'tcp';
    case 'udp':
    case '17':
      return 'udp';
    case 'icmp':
    case '1':
      return 'icmp';
    case 'icmpv6':
    case '58':
      return 'icmpv6';
    default:
      return 'other';
  }
}

/** The traffic of a port, or undefined when part of it is a token (judged later by the checklist). */
function readTraffic(port: ec2.Port): Traffic | undefined {
  const json = port.toRuleJson() as { ipProtocol?: unknown; fromPort?: unknown; toPort?: unknown };
  const values = [json.ipProtocol, json.fromPort, json.toPort];
  if (values.some((v) => v !== undefined && Token.isUnresolved(v))) return undefined;
  if (typeof json.ipProtocol !== 'string' && typeof json.ipProtocol !== 'number') return undefined;
  const protocol = normalizeProtocol(String(json.ipProtocol));
  const num = (v: unknown, dflt: number) => (typeof v === 'number' && v >= 0 ? v : dflt);
  const from = num(json.fromPort, 0);
  const to = num(json.toPort, MAX_PORT);
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  let text: string;
  if (protocol === 'all') text = 'all traffic';
  else if (protocol === 'tcp' || protocol === 'udp') text = `${protocol}/${lo === hi ? lo : `${lo}-${hi}`}`;
  else text = `${String(json.ipProtocol)} (${port.toString()})`;
  return { protocol, from: lo, to: hi, text };
}

/** The CIDR of a peer config, or undefined when the peer is not a CIDR or is a token. */
function readCidr(config: { cidrIp?: string; cidrIpv6?: string }): CidrPeer | 'unresolved' | undefined {
  const raw = config.cidrIp ?? config.cidrIpv6;
  if (raw === undefined) return undefined;
  if (Token.isUnresolved(raw)) return 'unresolved';
  const slash = raw.lastIndexOf('/');
  const prefix = slash >= 0 ? Number(raw.slice(slash + 1)) : NaN;
  if (!Number.isInteger(prefix)) return 'unresolved';
  const family: 4 | 6 = config.cidrIpv6 !== undefined || raw.includes(':') ? 6 : 4;
  return { family, prefix, text: prefix === 0 ? (family === 6 ? '::/0' : '0.0.0.0/0') : raw };
}

function isAllTraffic(t: Traffic): boolean {
  if (t.protocol === 'all') return true;
  return (t.protocol === 'tcp' || t.protocol === 'udp') && t.from <= 1 && t.to >= MAX_PORT;
}

function includesAdminPort(t: Traffic): number | undefined {
  if (t.protocol !== 'all' && t.protocol !== 'tcp' && t.protocol !== 'udp') return undefined;
  return ADMIN_AND_DATABASE_PORTS.find((p) => p >= t.from && p <= t.to);
}

/**
 * Judges an ingress rule. Returns why it is refused, or undefined when it is allowed
 * or cannot be judged yet (a token peer or port: the checklist rules judge the
 * synthesized template).
 */
export function judgeIngress(peer: ec2.IPeer, port: ec2.Port, optIns: SecurityGroupOptIns): Refusal | undefined {
  const cidr = readCidr(peer.toIngressRuleConfig());
  if (cidr === undefined || cidr === 'unresolved') return undefined; // a security group or prefix list, or a token
  const traffic = readTraffic(port);
  if (!traffic) return undefined;
  const anywhere = cidr.prefix === 0;
  const narrowFix =
    'allow the traffic from the security groups that need it (allowPortFrom(otherGroup, port)), a prefix list, or a CIDR no wider than your network';

  if (isAllTraffic(traffic) && (anywhere || cidr.prefix < WIDEST_TRUSTED_PREFIX[cidr.family])) {
    return {
      ruleId: 'NET3',
      problem: `ingress of ${traffic.text} from ${cidr.text}: all protocols or all ports from anywhere or from a CIDR wider than /${WIDEST_TRUSTED_PREFIX[cidr.family]} expose every service on the network interfaces`,
      fix: `open only the ports your service listens on: ${narrowFix}`,
    };
  }
  if (!anywhere) return undefined;

  const adminPort = includesAdminPort(traffic);
  if (adminPort !== undefined) {
    return {
      ruleId: 'NET2',
      problem: `ingress of ${traffic.text} from ${cidr.text}: port ${adminPort} is a remote administration or database port and must never be open to the world`,
      fix: `${narrowFix}; for shell access use AWS Systems Manager Session Manager instead of SSH/RDP`,
    };
  }
  if (traffic.protocol === 'icmp' || traffic.protocol === 'icmpv6') return undefined; // NET1 does not judge ICMP
  const publicPorts = optIns.allowHttpForRedirect ? [443, 80] : [443];
  const onlyPublic = traffic.protocol !== 'all' && traffic.protocol !== 'other' && traffic.from === traffic.to && publicPorts.includes(traffic.from);
  if (onlyPublic) return undefined;
  const httpOnly = traffic.from === 80 && traffic.to === 80 && (traffic.protocol === 'tcp' || traffic.protocol === 'udp');
  return {
    ruleId: 'NET1',
    problem: httpOnly
      ? `ingress of ${traffic.text} from ${cidr.text}: plain HTTP from the world is refused unless the security group is created with allowHttpForRedirect: true`
      : `ingress of ${traffic.text} from ${cidr.text}: only HTTPS (443)${optIns.allowHttpForRedirect ? ' and HTTP (80)' : ''} may be open to the world`,
    fix: httpOnly
      ? 'serve HTTPS only (allowHttpsFrom(peer)); if port 80 only redirects to HTTPS, create the group with allowHttpForRedirect: true and make the listener redirect (Hardened-TLS4)'
      : `${narrowFix}; for a public web service use allowHttpsFrom(peer)`,
  };
}

/**
 * Judges an egress rule: all traffic to anywhere (NET4) is refused unless the group
 * opted in (`allowAllOutbound` for IPv4, `allowAllIpv6Outbound` for IPv6). Tokens are
 * not judged.
 */
export function judgeEgress(peer: ec2.IPeer, port: ec2.Port, optIns: SecurityGroupOptIns): Refusal | undefined {
  const cidr = readCidr(peer.toEgressRuleConfig());
  if (cidr === undefined || cidr === 'unresolved' || cidr.prefix !== 0) return undefined;
  const traffic = readTraffic(port);
  if (!traffic || !isAllTraffic(traffic)) return undefined;
  const prop = cidr.family === 6 ? 'allowAllIpv6Outbound' : 'allowAllOutbound';
  if (cidr.family === 6 ? optIns.allowAllIpv6Outbound : optIns.allowAllOutbound) return undefined;
  return {
    ruleId: 'NET4',
    problem: `egress of ${traffic.text} to ${cidr.text}: unrestricted egress lets a compromised workload reach any host`,
    fix: `allow only the destinations the workload needs (allowEgressTo(peer, port), allowHttpsEgressTo(peer)); if it really needs all outbound traffic, create the group with ${prop}: true and acknowledge the Hardened-NET4 warning`,
  };
}

/** The error message for a refusal: lowercase, naming the group, the value, the rule and the fix. */
export function refusalMessage(groupPath: string, refusal: Refusal): string {
  return `security group ${groupPath} refuses ${refusal.problem} (Hardened-${refusal.ruleId}). Fix: ${refusal.fix}`;
}
