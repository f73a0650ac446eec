import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const small = { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] };

function rawVpc(extra: Record<string, unknown> = {}, restrict: Record<string, unknown> | undefined = undefined) {
  const resources: Record<string, unknown> = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, ...extra };
  if (restrict) resources.Restrict = { Type: 'Custom::VpcRestrictDefaultSG', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x', ...restrict } };
  return { Resources: resources };
}

describe('NET5 VPC default security group', () => {
  test('fails when a Vpc sets restrictDefaultSecurityGroup: false', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { ...small, restrictDefaultSecurityGroup: false });
    const findings = findingsOf(checkStack(stack), 'NET5');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET5']);
    expect(findings[0].path).toBe('TestStack/Vpc/Resource');
  });

  test('passes when a Vpc sets restrictDefaultSecurityGroup: true', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { ...small, restrictDefaultSecurityGroup: true });
    expect(idsOf(checkStack(stack), 'NET5')).toEqual([]);
  });

  test('passes with the default of a new CDK project (the restrictDefaultSecurityGroup feature flag set)', () => {
    const app = new App({ context: { '@aws-cdk/aws-ec2:restrictDefaultSecurityGroup': true } });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    new ec2.Vpc(stack, 'Vpc', small);
    expect(idsOf(checkStack(stack), 'NET5')).toEqual([]);
  });

  test('fails with the default when the feature flag is not set (CDK then leaves the default group open)', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', small);
    expect(idsOf(checkStack(stack), 'NET5')).toEqual(['Hardened-NET5']);
  });

  test('fails on a raw AWS::EC2::VPC alone, passes with a Custom::VpcRestrictDefaultSG on its default group', () => {
    expect(idsOf(checkTemplate(rawVpc()), 'NET5')).toEqual(['Hardened-NET5']);
    const restricted = rawVpc({}, { DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, Account: '123456789012' });
    expect(idsOf(checkTemplate(restricted), 'NET5')).toEqual([]);
  });

  test('fails when the restricting resource names another group or only exists under a Condition', () => {
    const other = rawVpc({}, { DefaultSecurityGroupId: 'sg-12345678', VpcId: { Ref: 'Vpc' } });
    expect(idsOf(checkTemplate(other), 'NET5')).toEqual(['Hardened-NET5']);
    const conditional = rawVpc({}, { DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } });
    (conditional.Resources.Restrict as any).Condition = 'Prod';
    expect(idsOf(checkTemplate({ ...conditional, Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } }), 'NET5')).toEqual(['Hardened-NET5']);
  });

  test('fails when one Fn::If branch of DefaultSecurityGroupId is not the VPC\'s default group', () => {
    const template = rawVpc({}, { DefaultSecurityGroupId: { 'Fn::If': ['Prod', { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, { 'Fn::ImportValue': 'Sg' }] } });
    expect(idsOf(checkTemplate({ ...template, Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } }), 'NET5')).toEqual(['Hardened-NET5']);
  });

  test('fails, naming the rule, when a rule is added to the default security group', () => {
    const template = rawVpc(
      {
        OpenDefault: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
        },
        OtherGroupRule: {
          Type: 'AWS::EC2::SecurityGroupEgress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' },
        },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' } } },
      },
      { DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } },
    );
    const findings = findingsOf(checkTemplate(template), 'NET5');
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Vpc Hardened-NET5[DefaultSecurityGroupRule::OpenDefault]']);
  });
});
