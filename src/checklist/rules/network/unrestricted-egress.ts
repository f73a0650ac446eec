import { isAnywhere } from './cidr';
import { hasDefaultEgress, isAllTraffic, judgeRules, peerDetail, peerIs, peerText, ruleWhere, trafficText } from './security-group-rules';
import { allOf } from './tri';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** NET4: unrestricted egress. */
export const NET4: Rule = {
  id: 'NET4',
  family: 'network',
  severity: Severity.WARNING,
  title: 'Security groups restrict egress',
  explanation:
    'Unrestricted egress lets compromised code download tools and send data anywhere; restricting outbound traffic to the endpoints a workload needs ' +
    'limits what an attacker can do from inside. Fires on an egress rule of all traffic (`IpProtocol: -1`, or every TCP or UDP port) to 0.0.0.0/0 or ::/0, ' +
    'inline in `SecurityGroupEgress` (the finding lands on the security group) or as an `AWS::EC2::SecurityGroupEgress` resource (on the rule), and on an ' +
    '`AWS::EC2::SecurityGroup` without `SecurityGroupEgress` (absent or empty), for which AWS adds its allow-all egress rule. CDK\'s `allowAllOutbound: false` ' +
    'writes a placeholder rule (ICMP to 255.255.255.255/32) that removes AWS\'s default and passes. The detail names the destination: `Cidr::0.0.0.0/0` or ' +
    '`Cidr::Any-IPv6` for ::/0.',
  fix:
    'In CDK, create the security group with `allowAllOutbound: false` (and `allowAllIpv6Outbound: false`) and add the egress the workload needs with ' +
    '`securityGroup.addEgressRule(peer, ec2.Port.tcp(443))` or `connections.allowTo(...)`; in CloudFormation, give `SecurityGroupEgress` explicit rules ' +
    '(a placeholder such as ICMP to 255.255.255.255/32 when no egress is needed).',
  controls: [],
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupEgress'],
  check(resource, ctx) {
    if (resource.type === 'AWS::EC2::SecurityGroup') {
      const d = hasDefaultEgress(resource, ctx);
      if (d.is === 'yes') {
        ctx.report({
          detail: 'Cidr::0.0.0.0/0',
          message: `${resource.displayName} has no SecurityGroupEgress, so AWS adds its default rule allowing all outbound traffic to 0.0.0.0/0 (and ::/0 in a VPC with IPv6)`,
        });
      } else if (d.is === 'maybe') {
        ctx.unresolved(d.path, `The egress rules of ${resource.displayName}`);
      }
    }
    judgeRules(
      resource,
      ctx,
      'egress',
      (r) => allOf(peerIs(r, isAnywhere), () => isAllTraffic(r)),
      (r, c) => {
        const traffic = trafficText(r);
        c.add(`Cidr::${peerDetail(r)}`, traffic === 'all' ? 'all protocols' : traffic, ruleWhere(r), (what, where) =>
          `${resource.displayName} allows outbound ${what} to ${peerText(r)} (${where}); restrict egress to the destinations and ports the workload needs`,
        );
      },
    ).report(ctx);
  },
};
