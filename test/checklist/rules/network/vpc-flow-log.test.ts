import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const small = { maxAzs: 1, natGateways: 0, restrictDefaultSecurityGroup: true, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] };

function rawVpc(flowLog?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
  };
  if (flowLog) {
    resources.FlowLog = {
      Type: 'AWS::EC2::FlowLog',
      Properties: { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: 'arn:aws:s3:::logs', ...flowLog },
    };
  }
  return { ...extra, Resources: resources };
}

describe('NET7 VPC flow logs', () => {
  test('fails as a warning on a Vpc without flow logs, landing on the VPC', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', small);
    const findings = findingsOf(checkStack(stack), 'NET7');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET7']);
    expect(findings[0].path).toBe('TestStack/Vpc/Resource');
    expect(findings[0].severity).toBe(Severity.WARNING);
  });

  test('passes with vpc.addFlowLog', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', small);
    vpc.addFlowLog('FlowLog');
    expect(idsOf(checkStack(stack), 'NET7')).toEqual([]);
  });

  test('passes with the flowLogs prop', () => {
    const stack = newStack();
    new ec2.Vpc(stack, 'Vpc', { ...small, flowLogs: { S3: { destination: ec2.FlowLogDestination.toCloudWatchLogs() } } });
    expect(idsOf(checkStack(stack), 'NET7')).toEqual([]);
  });

  test('fails on a raw VPC without a flow log, passes with one on the VPC', () => {
    expect(idsOf(checkTemplate(rawVpc()), 'NET7')).toEqual(['Hardened-NET7']);
    expect(idsOf(checkTemplate(rawVpc({ ResourceId: { Ref: 'Vpc' } })), 'NET7')).toEqual([]);
  });

  test('fails when the only flow log is on a subnet', () => {
    expect(idsOf(checkTemplate(rawVpc({ ResourceType: 'Subnet', ResourceId: { Ref: 'Subnet' } })), 'NET7')).toEqual(['Hardened-NET7']);
  });

  test('fails when the flow log only exists under a Condition', () => {
    const template = rawVpc({ ResourceId: { Ref: 'Vpc' } }, { Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } });
    (template.Resources.FlowLog as any).Condition = 'Prod';
    expect(idsOf(checkTemplate(template), 'NET7')).toEqual(['Hardened-NET7']);
  });

  describe('values unknown at synth time', () => {
    test('fails when the flow log\'s ResourceId is a parameter or an import (it cannot be this VPC)', () => {
      expect(idsOf(checkTemplate(rawVpc({ ResourceId: { Ref: 'VpcId' } }, { Parameters: { VpcId: { Type: 'String' } } })), 'NET7')).toEqual(['Hardened-NET7']);
      expect(idsOf(checkTemplate(rawVpc({ ResourceId: { 'Fn::ImportValue': 'VpcId' } })), 'NET7')).toEqual(['Hardened-NET7']);
    });

    test('fails when one Fn::If branch of the ResourceId is another resource, passes when both are the VPC', () => {
      const cond = { Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } };
      expect(idsOf(checkTemplate(rawVpc({ ResourceId: { 'Fn::If': ['Prod', { Ref: 'Vpc' }, { Ref: 'Subnet' }] } }, cond)), 'NET7')).toEqual(['Hardened-NET7']);
      expect(idsOf(checkTemplate(rawVpc({ ResourceId: { 'Fn::If': ['Prod', { Ref: 'Vpc' }, { 'Fn::GetAtt': ['Vpc', 'VpcId'] }] } }, cond)), 'NET7')).toEqual([]);
    });
  });
});
