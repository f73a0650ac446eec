import { checkTemplate, findingsOf } from '../../helpers';

function sgWithEgress(egress: unknown, extra: Record<string, unknown> = {}) {
  const props: Record<string, unknown> = { GroupDescription: 'raw' };
  if (egress !== undefined) props.SecurityGroupEgress = egress;
  return { ...extra, Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: props } } };
}

describe('NET4 messages and unknown egress lists', () => {
  test('an egress list from a parameter is unresolved, naming the egress rules of the group', () => {
    const findings = findingsOf(checkTemplate(sgWithEgress({ Ref: 'Egress' }, { Parameters: { Egress: { Type: 'String' } } })), 'NET4');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET4[Unresolved::Properties.SecurityGroupEgress]']);
    expect(findings[0].message).toContain('Sg');
    expect(findings[0].message).toContain('egress');
  });

  test('the default rule finding names the group and what is missing', () => {
    const [f] = findingsOf(checkTemplate(sgWithEgress(undefined)), 'NET4');
    expect(f.message).toContain('Sg');
    expect(f.message).toContain('SecurityGroupEgress');
  });

  test('calls all protocols "all protocols" and names the destination and rule', () => {
    const findings = findingsOf(
      checkTemplate(
        sgWithEgress([
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
          { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'tcp', FromPort: 1, ToPort: 65535, CidrIpv6: '::/0' },
        ]),
      ),
      'NET4',
    );
    const all = findings.find((f) => f.detail === 'Cidr::0.0.0.0/0')!;
    expect(all.message).toContain('Sg');
    expect(all.message).toContain('outbound all protocols to 0.0.0.0/0 (inline egress rule #2)');
    const tcp = findings.find((f) => f.detail === 'Cidr::Any-IPv6')!;
    expect(tcp.message).toContain('outbound tcp/1-65535 to ::/0 (inline egress rule #3)');
    expect(tcp.message).not.toContain('all protocols');
  });

  test('a standalone egress rule is named as its own rule', () => {
    const [f] = findingsOf(
      checkTemplate({ Resources: { Out: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: 'sg-1', IpProtocol: -1, CidrIp: '0.0.0.0/0' } } } }),
      'NET4',
    );
    expect(f.message).toContain('all protocols to 0.0.0.0/0 (its egress rule)');
  });
});
