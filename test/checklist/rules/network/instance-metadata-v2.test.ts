import { Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc } from './fixtures';
import { checkStack, checkTemplate, findingsOf, newStack } from '../../helpers';

const image = ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' });
const instanceType = new ec2.InstanceType('t3.micro');

function net8(findings: ReturnType<typeof checkTemplate>): string[] {
  return findingsOf(findings, 'NET8')
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();
}

/** `requireImdsv2` works through an aspect, which runs at synthesis: synthesize first so the tree has what the template has. */
function synthesized(stack: Stack): Stack {
  Template.fromStack(stack);
  return stack;
}

function rawInstance(props: Record<string, unknown>, extra: Record<string, any> = {}) {
  return {
    ...extra,
    Resources: {
      ...(extra.Resources ?? {}),
      Server: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro', ...props } },
    },
  };
}

function rawLaunchTemplate(tokens: unknown, name = 'web') {
  const data = tokens === undefined ? {} : { MetadataOptions: { HttpTokens: tokens } };
  return { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateName: name, LaunchTemplateData: data } };
}

describe('NET8 IMDSv2', () => {
  test('fails on an ec2.Instance with defaults, landing on the instance', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', { vpc: importedVpc(stack), instanceType, machineImage: image });
    const findings = findingsOf(checkStack(stack), 'NET8');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET8']);
    expect(findings[0].path).toBe('TestStack/Server/Resource');
  });

  test('passes on an ec2.Instance with requireImdsv2: true (through the launch template CDK creates)', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', { vpc: importedVpc(stack), instanceType, machineImage: image, requireImdsv2: true });
    expect(findingsOf(checkStack(synthesized(stack)), 'NET8')).toEqual([]);
  });

  test('passes on an ec2.Instance with httpTokens: REQUIRED (its own MetadataOptions)', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', { vpc: importedVpc(stack), instanceType, machineImage: image, httpTokens: ec2.HttpTokens.REQUIRED });
    expect(findingsOf(checkStack(stack), 'NET8')).toEqual([]);
  });

  test('fails on an ec2.Instance with httpTokens: OPTIONAL', () => {
    const stack = newStack();
    new ec2.Instance(stack, 'Server', { vpc: importedVpc(stack), instanceType, machineImage: image, httpTokens: ec2.HttpTokens.OPTIONAL });
    const findings = findingsOf(checkStack(stack), 'NET8');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET8']);
    expect(findings[0].message).toContain("'optional'");
  });

  test('fails on an ec2.LaunchTemplate with defaults, passes with requireImdsv2', () => {
    const stack = newStack();
    new ec2.LaunchTemplate(stack, 'Open', {});
    new ec2.LaunchTemplate(stack, 'Locked', { requireImdsv2: true });
    const findings = findingsOf(checkStack(stack), 'NET8');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Open/Resource Hardened-NET8']);
  });

  test('fails on a raw instance and its launch template when the template does not require tokens', () => {
    const template = rawInstance(
      { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } } },
      { Resources: { Lt: rawLaunchTemplate('optional') } },
    );
    expect(net8(checkTemplate(template))).toEqual(['Lt Hardened-NET8', 'Server Hardened-NET8']);
  });

  test('passes on a raw instance whose launch template, named by a literal LaunchTemplateName, requires tokens', () => {
    const template = rawInstance({ LaunchTemplate: { LaunchTemplateName: 'web', Version: '1' } }, { Resources: { Lt: rawLaunchTemplate('required') } });
    expect(net8(checkTemplate(template))).toEqual([]);
  });

  test('lets the instance\'s own setting override its launch template', () => {
    const template = rawInstance(
      { MetadataOptions: { HttpTokens: 'optional' }, LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } },
      { Resources: { Lt: rawLaunchTemplate('required') } },
    );
    expect(net8(checkTemplate(template))).toEqual(['Server Hardened-NET8']);
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when HttpTokens is a parameter without AllowedValues', () => {
      const template = rawInstance({ MetadataOptions: { HttpTokens: { Ref: 'Tokens' } } }, { Parameters: { Tokens: { Type: 'String' } } });
      expect(net8(checkTemplate(template))).toEqual(['Server Hardened-NET8[Unresolved::Properties.MetadataOptions.HttpTokens]']);
    });

    test('passes when every AllowedValue is required, fails when one is optional', () => {
      const only = rawInstance({ MetadataOptions: { HttpTokens: { Ref: 'Tokens' } } }, { Parameters: { Tokens: { Type: 'String', AllowedValues: ['required'] } } });
      expect(net8(checkTemplate(only))).toEqual([]);
      const both = rawInstance(
        { MetadataOptions: { HttpTokens: { Ref: 'Tokens' } } },
        { Parameters: { Tokens: { Type: 'String', AllowedValues: ['required', 'optional'] } } },
      );
      expect(net8(checkTemplate(both))).toEqual(['Server Hardened-NET8']);
    });

    test('fails when an Fn::If branch drops MetadataOptions (AWS::NoValue)', () => {
      const template = rawInstance(
        { MetadataOptions: { 'Fn::If': ['Strict', { HttpTokens: 'required' }, { Ref: 'AWS::NoValue' }] } },
        { Conditions: { Strict: { 'Fn::Equals': ['a', 'b'] } } },
      );
      expect(net8(checkTemplate(template))).toEqual(['Server Hardened-NET8']);
    });

    test('fails as unresolved when the launch template is imported', () => {
      const stack = newStack();
      const lt = ec2.LaunchTemplate.fromLaunchTemplateAttributes(stack, 'Shared', { launchTemplateId: Fn.importValue('SharedLaunchTemplate') });
      new ec2.CfnInstance(stack, 'Server', { imageId: 'ami-12345678', launchTemplate: { launchTemplateId: lt.launchTemplateId, version: '1' } });
      expect(findingsOf(checkStack(stack), 'NET8').map((f) => f.id)).toEqual(['Hardened-NET8[Unresolved::Properties.LaunchTemplate]']);
    });

    test('fails as unresolved when the launch template\'s HttpTokens is unknown', () => {
      const template = rawInstance(
        { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' } },
        { Parameters: { Tokens: { Type: 'String' } }, Resources: { Lt: rawLaunchTemplate({ Ref: 'Tokens' }) } },
      );
      expect(net8(checkTemplate(template))).toEqual([
        'Lt Hardened-NET8[Unresolved::Properties.LaunchTemplateData.MetadataOptions.HttpTokens]',
        'Server Hardened-NET8[Unresolved::Properties.LaunchTemplate]',
      ]);
    });
  });
});
