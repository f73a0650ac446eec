import { isAnywhere } from './cidr';
import { PortRange, judgeRules, isTcpUdpOrAll, opensPort, peerIs, peerText, ruleWhere, trafficText } from './security-group-rules';
import { allOf } from './tri';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/**
 * Remote administration, file sharing, mail, database, cache, search and message
 * broker ports that must never face the internet (CHECKLIST.md, "NET2 ports").
 */
export const ADMIN_AND_DATABASE_PORTS: readonly number[] = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 1521, 2049, 2375, 2376, 3306, 3389, 5432, 5439, 5601, 5900, 5984, 5985, 5986, 6379, 7000, 7001,
  8020, 9042, 9092, 9200, 9300, 11211, 27017, 27018, 50070,
];

/** The listed ports inside a range. */
export function adminPortsIn(range: PortRange): number[] {
  return ADMIN_AND_DATABASE_PORTS.filter((p) => p >= range.from && p <= range.to);
}

/** NET2: remote administration or database ports open to the world. */
export const NET2: Rule = {
  id: 'NET2',
  family: 'network',
  severity: Severity.ERROR,
  title: 'Remote administration and database ports are not open to the world',
  explanation:
    'SSH, RDP, SMB, database, cache and search ports open to 0.0.0.0/0 or ::/0 are brute-forced and exploited by automated scanners; they belong behind ' +
    'Session Manager, a VPN or a bastion, reachable only from known peers. The ports: ' +
    `${ADMIN_AND_DATABASE_PORTS.join(', ')}; a range that includes one counts, over TCP, UDP or all protocols. Judged on inline ` +
    '`SecurityGroupIngress` rules (the finding lands on the security group) and on `AWS::EC2::SecurityGroupIngress` resources (the finding lands on the rule). ' +
    'The detail names the traffic the rule opens, as NET1 does: `Port::tcp/22`, `Port::tcp/0-65535`, `Port::all`.',
  fix:
    'Do not open administration or database ports to the internet: use AWS Systems Manager Session Manager instead of SSH/RDP, and allow database ports only ' +
    'from the application\'s security group. In CDK, `database.connections.allowDefaultPortFrom(appSecurityGroup)` or ' +
    '`securityGroup.addIngressRule(ec2.Peer.securityGroupId(...), ec2.Port.tcp(5432))` instead of `ec2.Peer.anyIpv4()`; in CloudFormation, replace ' +
    '`CidrIp: 0.0.0.0/0` / `CidrIpv6: ::/0` with `SourceSecurityGroupId` or a narrow CIDR.',
  controls: ['EC2.13', 'EC2.14', 'EC2.19', 'EC2.53', 'EC2.54', 'CIS 5.2', 'CIS 5.3'],
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19'],
  check(resource, ctx) {
    judgeRules(
      resource,
      ctx,
      'ingress',
      (r) => allOf(peerIs(r, isAnywhere), () => isTcpUdpOrAll(r), () => opensPort(r, (range) => adminPortsIn(range).length > 0)),
      (r, c) => {
        const traffic = trafficText(r);
        const ports = r.protocol === 'all' || !r.ports.known ? ADMIN_AND_DATABASE_PORTS : adminPortsIn(r.ports.range);
        const listed = ports.length > 6 ? `${ports.slice(0, 6).join(', ')} and ${ports.length - 6} more` : ports.join(', ');
        c.add(`Port::${traffic}`, peerText(r), ruleWhere(r), (peers, where) =>
          `${resource.displayName} allows inbound ${traffic === 'all' ? 'all traffic' : traffic} from ${peers} (${where}), which opens administration/database ` +
          `port${ports.length === 1 ? '' : 's'} ${listed} to the world`,
        );
      },
    ).report(ctx);
  },
};
