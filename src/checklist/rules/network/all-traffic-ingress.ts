import { WIDEST_TRUSTED_PREFIX, isWide } from './cidr';
import { isAllTraffic, judgeRules, peerDetail, peerIs, peerText, ruleWhere, trafficText } from './security-group-rules';
import { allOf } from './tri';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** NET3: all protocols / all ports from a wide CIDR or from anywhere. */
export const NET3: Rule = {
  id: 'NET3',
  family: 'network',
  severity: Severity.ERROR,
  title: 'Security groups do not allow all traffic from wide ranges',
  explanation:
    'A rule that allows every protocol or every port turns the security group into no firewall at all for its sources; from anywhere, or from a range wider ' +
    `than any one network of yours, it exposes every service on the host. "Wide" means a prefix shorter than /${WIDEST_TRUSTED_PREFIX[4]} for IPv4 ` +
    `(the largest VPC block) and shorter than /${WIDEST_TRUSTED_PREFIX[6]} for IPv6 (the largest VPC IPv6 block; AWS gives a VPC a /56); 0.0.0.0/0 and ::/0 ` +
    'always count. All traffic is `IpProtocol: -1` (or `all`), or a TCP or UDP rule from port 0 or 1 to 65535. Judged on inline `SecurityGroupIngress` rules ' +
    '(the finding lands on the security group) and on `AWS::EC2::SecurityGroupIngress` resources (on the rule). The detail names the source: ' +
    '`Cidr::10.0.0.0/8`, `Cidr::0.0.0.0/0`, `Cidr::Any-IPv6` for ::/0, and other IPv6 ranges written out in full without `::` (`Cidr::2001:db8:0:0:0:0:0:0/32`).',
  fix:
    'Allow only the protocols and ports the service uses, from the peers that need them: in CDK, `ec2.Port.tcp(443)` instead of `ec2.Port.allTraffic()`/`allTcp()`, ' +
    'from `ec2.Peer.securityGroupId(...)` or a narrow `ec2.Peer.ipv4(...)`; in CloudFormation, set `IpProtocol` to `tcp`/`udp` with a `FromPort`/`ToPort` range, ' +
    'and a narrow `CidrIp`/`CidrIpv6` or `SourceSecurityGroupId`.',
  controls: ['EC2.19'],
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  check(resource, ctx) {
    judgeRules(
      resource,
      ctx,
      'ingress',
      (r) => allOf(peerIs(r, isWide), () => isAllTraffic(r)),
      (r, c) => {
        const traffic = trafficText(r);
        c.add(`Cidr::${peerDetail(r)}`, traffic === 'all' ? 'all protocols' : traffic, ruleWhere(r), (what, where) =>
          `${resource.displayName} allows inbound ${what} from ${peerText(r)} (${where}); all traffic may only come from specific peers`,
        );
      },
    ).report(ctx);
  },
};
