import { isAnywhere } from './cidr';
import { judgeRules, isTcpUdpOrAll, opensPort, peerIs, peerText, ruleWhere, trafficText } from './security-group-rules';
import { allOf } from './tri';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** NET1: ingress from anywhere on ports other than the public web ports. */
export const NET1: Rule = {
  id: 'NET1',
  family: 'network',
  severity: Severity.ERROR,
  title: 'Security groups open only the public web ports to the world',
  explanation:
    'A port open to 0.0.0.0/0 or ::/0 is scanned and attacked within minutes of deployment; only the ports a public service answers on (80 and 443 by default, ' +
    'configurable with `publicPorts` / `--public-ports`) should be reachable from anywhere. Judged on inline `SecurityGroupIngress` rules (the finding lands on ' +
    'the security group) and on `AWS::EC2::SecurityGroupIngress` resources (the finding lands on the rule), over TCP, UDP or all protocols; ICMP is not judged. ' +
    'The detail names the traffic the rule opens: `Port::tcp/22`, `Port::udp/1000-2000`, or `Port::all` for all protocols; a security group that opens it to both ' +
    '0.0.0.0/0 and ::/0 has one finding. `FromPort` and `ToPort` written as the same `Ref` are one port.',
  fix:
    'Open the port only to the peers that need it: in CDK, `securityGroup.addIngressRule(ec2.Peer.securityGroupId(...), ec2.Port.tcp(port))`, ' +
    '`ec2.Peer.ipv4("10.0.0.0/16")` or `ec2.Peer.prefixList(...)`, or `connections.allowFrom(otherResource, port)`, instead of `ec2.Peer.anyIpv4()`/`anyIpv6()`; ' +
    'in CloudFormation, set `CidrIp`/`CidrIpv6` to a narrow range or use `SourceSecurityGroupId`/`SourcePrefixListId`. If the port really serves the public, add it to ' +
    'the checklist\'s public ports (`publicPorts`, `--public-ports`).',
  controls: ['EC2.18'],
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  check(resource, ctx) {
    const publicPorts = new Set(ctx.settings.publicPorts);
    const hasPrivatePort = (range: { from: number; to: number }) => {
      // Cheap for any range: it has a non-public port unless every port in it is public.
      if (range.to - range.from + 1 > publicPorts.size) return true;
      for (let p = range.from; p <= range.to; p++) if (!publicPorts.has(p)) return true;
      return false;
    };
    const allowed = [...publicPorts].sort((a, b) => a - b).join(', ') || 'none';
    judgeRules(
      resource,
      ctx,
      'ingress',
      (r) => allOf(peerIs(r, isAnywhere), () => isTcpUdpOrAll(r), () => opensPort(r, hasPrivatePort)),
      (r, c) => {
        const traffic = trafficText(r);
        c.add(`Port::${traffic}`, peerText(r), ruleWhere(r), (peers, where) =>
          `${resource.displayName} allows inbound ${traffic === 'all' ? 'all traffic' : traffic} from ${peers} (${where}); only the public ports (${allowed}) may be open to the world`,
        );
      },
    ).report(ctx);
  },
};
