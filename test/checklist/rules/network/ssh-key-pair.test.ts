import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, newStack } from '../../helpers';

const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
const instanceType = new ec2.InstanceType('t3.micro');

function net9(findings: ReturnType<typeof checkTemplate>): string[] {
  return findingsOf(findings, 'NET9')
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();
}

describe('NET9 SSH key pairs', () => {
  test('fails as a warning on an ec2.Instance with a key pair, landing on the instance', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', {
      vpc: importedVpc(stack),
      instanceType,
      machineImage: image,
      keyPair: ec2.KeyPair.fromKeyPairName(stack, 'Key', 'ops-key'),
    });
    const findings = findingsOf(checkStack(stack), 'NET9');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET9']);
    expect(findings[0].path).toBe('TestStack/Server/Resource');
    expect(findings[0].severity).toBe(Severity.WARNING);
    expect(findings[0].message).toContain('ops-key');
  });

  test('fails on an ec2.LaunchTemplate with a key pair created in the stack', () => {
    const stack = newStack();
    new ec2.LaunchTemplate(stack, 'Lt', { keyPair: new ec2.KeyPair(stack, 'Key') });
    expect(findingsOf(checkStack(stack), 'NET9').map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Lt/Resource Hardened-NET9']);
  });

  test('passes on an instance and a launch template without a key pair', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', { vpc: importedVpc(stack), instanceType, machineImage: image });
    new ec2.LaunchTemplate(stack, 'Lt', { requireImdsv2: true });
    expect(findingsOf(checkStack(stack), 'NET9')).toEqual([]);
  });

  test('fails on the equivalent raw CloudFormation', () => {
    const findings = checkTemplate({
      Resources: {
        Server: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678', KeyName: 'ops-key' } },
        Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { KeyName: 'ops-key' } } },
        Clean: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678' } },
      },
    });
    expect(net9(findings)).toEqual(['Lt Hardened-NET9', 'Server Hardened-NET9']);
  });

  describe('values unknown at synth time', () => {
    test('fails when KeyName is a parameter (a key pair is configured whatever its name)', () => {
      const stack = newStack();
      const key = new CfnParameter(stack, 'KeyName', { type: 'AWS::EC2::KeyPair::KeyName' });
      new ec2.CfnInstance(stack, 'Server', { imageId: 'ami-12345678', keyName: key.valueAsString });
      expect(findingsOf(checkStack(stack), 'NET9').map((f) => f.id)).toEqual(['Hardened-NET9']);
    });

    test('fails when one Fn::If branch sets a key, passes when every branch drops it', () => {
      const conditions = { Conditions: { Debug: { 'Fn::Equals': ['a', 'b'] } } };
      const one = { ...conditions, Resources: { Server: { Type: 'AWS::EC2::Instance', Properties: { KeyName: { 'Fn::If': ['Debug', 'ops-key', { Ref: 'AWS::NoValue' }] } } } } };
      expect(net9(checkTemplate(one))).toEqual(['Server Hardened-NET9']);
      const none = { ...conditions, Resources: { Server: { Type: 'AWS::EC2::Instance', Properties: { KeyName: { 'Fn::If': ['Debug', { Ref: 'AWS::NoValue' }, ''] } } } } };
      expect(net9(checkTemplate(none))).toEqual([]);
    });

    test('fails as unresolved when the launch template data is imported', () => {
      const findings = checkTemplate({ Resources: { Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { 'Fn::ImportValue': 'Data' } } } } });
      expect(net9(findings)).toEqual(['Lt Hardened-NET9[Unresolved::Properties.LaunchTemplateData]']);
    });
  });
});
