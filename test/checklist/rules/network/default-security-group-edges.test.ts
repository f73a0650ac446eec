// Edge cases of NET5 and NET7 found by mutation testing: each test pins one decision of the
// rules that the main tests (default-security-group.test.ts, vpc-flow-log.test.ts) left open.
import { checkTemplate, findingsOf } from '../../helpers';

const SERVICE_TOKEN = 'arn:aws:lambda:us-east-1:123456789012:function:x';

/** A raw VPC (`Vpc`), an `OtherVpc`, a restricting custom resource with `restrict` as properties, and `extra` resources. */
function vpcs(restrict: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    OtherVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
    ...extra,
  };
  if (restrict) resources.Restrict = { Type: 'Custom::VpcRestrictDefaultSG', Properties: { ServiceToken: SERVICE_TOKEN, ...restrict } };
  return { Conditions: { On: { 'Fn::Equals': ['a', 'b'] } }, Resources: resources };
}

const net5 = (template: object) =>
  findingsOf(checkTemplate(template), 'NET5')
    .filter((f) => f.logicalId === 'Vpc')
    .map((f) => f.id)
    .sort();

const defaultGroup = { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] };

describe('NET5 edge cases', () => {
  test('a restricting resource may name the default group with the string form of Fn::GetAtt', () => {
    expect(net5(vpcs({ DefaultSecurityGroupId: { 'Fn::GetAtt': 'Vpc.DefaultSecurityGroup' } }))).toEqual([]);
  });

  test('another attribute of the VPC, or the default group of another VPC, does not restrict it', () => {
    expect(net5(vpcs({ DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } }))).toEqual(['Hardened-NET5']);
    expect(net5(vpcs({ DefaultSecurityGroupId: { 'Fn::GetAtt': ['OtherVpc', 'DefaultSecurityGroup'] }, VpcId: { Ref: 'Vpc' } }))).toEqual([
      'Hardened-NET5',
    ]);
  });

  test('a restricting resource without DefaultSecurityGroupId does not restrict', () => {
    expect(net5(vpcs({ VpcId: { Ref: 'Vpc' } }))).toEqual(['Hardened-NET5']);
  });

  test('the finding names the VPC and what is missing', () => {
    const [f] = findingsOf(checkTemplate(vpcs(undefined)), 'NET5').filter((x) => x.logicalId === 'Vpc');
    expect(f.message).toContain('Vpc');
    expect(f.message).toContain('Custom::VpcRestrictDefaultSG');
    expect(f.message).toContain('restrictDefaultSecurityGroup');
  });

  test('ingress and egress rules on the default group are each reported, saying which kind they are', () => {
    const rule = (type: string, groupId: unknown) => ({
      Type: type,
      Properties: { GroupId: groupId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
    });
    const template = vpcs(
      { DefaultSecurityGroupId: defaultGroup },
      {
        In: rule('AWS::EC2::SecurityGroupIngress', defaultGroup),
        Out: rule('AWS::EC2::SecurityGroupEgress', { 'Fn::If': ['On', { Ref: 'Sg' }, defaultGroup] }),
        // Refers to the VPC, but adds its rule to another group.
        Other: {
          Type: 'AWS::EC2::SecurityGroupEgress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } },
        },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' } } },
      },
    );
    const findings = findingsOf(checkTemplate(template), 'NET5').filter((f) => f.logicalId === 'Vpc');
    expect(findings.map((f) => f.id).sort()).toEqual(['Hardened-NET5[DefaultSecurityGroupRule::In]', 'Hardened-NET5[DefaultSecurityGroupRule::Out]']);
    const message = (id: string) => findings.find((f) => f.id.includes(`::${id}]`))!.message;
    expect(message('In')).toContain('In');
    expect(message('In')).toContain('an ingress');
    expect(message('In')).toContain('Vpc');
    expect(message('Out')).toContain('Out');
    expect(message('Out')).toContain('an egress');
  });
});

describe('NET7 edge cases', () => {
  test('the finding names the VPC and the missing flow log', () => {
    const [f] = findingsOf(checkTemplate(vpcs(undefined)), 'NET7').filter((x) => x.logicalId === 'Vpc');
    expect(f.message).toContain('Vpc');
    expect(f.message).toContain('AWS::EC2::FlowLog');
  });
});
