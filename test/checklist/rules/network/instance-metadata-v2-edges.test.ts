// Edge cases of NET8 and NET9 (and the launch template lookup they share) found by mutation
// testing: each test pins one decision that the main tests left open.
import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { checkTemplate, checkTree, findingsOf, newStack } from '../../helpers';

const conditions = { On: { 'Fn::Equals': ['a', 'b'] } };

function rawInstance(props: Record<string, unknown>, resources: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    Conditions: conditions,
    ...extra,
    Resources: { ...resources, Server: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro', ...props } } },
  };
}

function rawLaunchTemplate(data: unknown, name = 'web') {
  return { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateName: name, ...(data === undefined ? {} : { LaunchTemplateData: data }) } };
}

function rawTemplates(resources: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { Conditions: conditions, ...extra, Resources: resources };
}

const ids = (template: object, rule: string) =>
  findingsOf(checkTemplate(template), rule)
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();

const imported = { 'Fn::ImportValue': 'Shared' };
const ltRef = { LaunchTemplateId: { Ref: 'Lt' }, Version: '1' };

/** A stack whose one resource cannot be rendered (a property that throws). */
function unreadable(kind: 'instance' | 'launchTemplate') {
  const stack = newStack();
  const boom = Lazy.string({
    produce: () => {
      throw new Error('cannot render');
    },
  });
  if (kind === 'instance') new ec2.CfnInstance(stack, 'Server', { imageId: boom });
  else new ec2.CfnLaunchTemplate(stack, 'Lt', { launchTemplateName: boom, launchTemplateData: {} });
  return checkTree(stack);
}

describe('NET8 edge cases', () => {
  test('an instance or launch template that cannot be rendered is unresolved', () => {
    const instance = findingsOf(unreadable('instance'), 'NET8');
    expect(instance.map((f) => f.id)).toEqual(['Hardened-NET8[Unresolved::Properties]']);
    expect(instance[0].message).toContain('Server');
    expect(findingsOf(unreadable('launchTemplate'), 'NET8').map((f) => f.id)).toEqual(['Hardened-NET8[Unresolved::Properties.LaunchTemplateData]']);
  });

  test('a launch template without LaunchTemplateData fails; an imported one is unresolved', () => {
    expect(ids(rawTemplates({ Lt: rawLaunchTemplate(undefined) }), 'NET8')).toEqual(['Lt Hardened-NET8']);
    expect(ids(rawTemplates({ Lt: rawLaunchTemplate(imported) }), 'NET8')).toEqual(['Lt Hardened-NET8[Unresolved::Properties.LaunchTemplateData]']);
  });

  test('unknown MetadataOptions are unresolved, under the launch template data for a launch template', () => {
    expect(ids(rawInstance({ MetadataOptions: imported }), 'NET8')).toEqual(['Server Hardened-NET8[Unresolved::Properties.MetadataOptions]']);
    expect(ids(rawTemplates({ Lt: rawLaunchTemplate({ MetadataOptions: imported }) }), 'NET8')).toEqual([
      'Lt Hardened-NET8[Unresolved::Properties.LaunchTemplateData.MetadataOptions]',
    ]);
  });

  test('HttpTokens absent, dropped by AWS::NoValue or not a string: fails or is unresolved', () => {
    expect(ids(rawInstance({ MetadataOptions: { HttpEndpoint: 'enabled' } }), 'NET8')).toEqual(['Server Hardened-NET8']);
    expect(ids(rawInstance({ MetadataOptions: { HttpTokens: { 'Fn::If': ['On', 'required', { Ref: 'AWS::NoValue' }] } } }), 'NET8')).toEqual([
      'Server Hardened-NET8',
    ]);
    expect(ids(rawInstance({ MetadataOptions: { HttpTokens: 1 } }), 'NET8')).toEqual(['Server Hardened-NET8[Unresolved::Properties.MetadataOptions.HttpTokens]']);
  });

  test('HttpTokens is read case- and space-insensitively', () => {
    expect(ids(rawInstance({ MetadataOptions: { HttpTokens: ' Required ' } }), 'NET8')).toEqual([]);
  });

  test('messages name the resource and the setting', () => {
    const optional = findingsOf(checkTemplate(rawInstance({ MetadataOptions: { HttpTokens: 'optional' } })), 'NET8');
    expect(optional[0].message).toContain('Server');
    expect(optional[0].message).toContain('optional');
    const unknown = findingsOf(checkTemplate(rawInstance({ MetadataOptions: { HttpTokens: imported } })), 'NET8');
    expect(unknown[0].message).toContain('Server');
    const lt = findingsOf(checkTemplate(rawTemplates({ Lt: rawLaunchTemplate({}) })), 'NET8');
    expect(lt[0].message).toContain('Lt');
    expect(lt[0].message).toContain('LaunchTemplateData.MetadataOptions.HttpTokens');
    const bare = findingsOf(checkTemplate(rawInstance({})), 'NET8');
    expect(bare[0].message).toContain('Server');
    expect(bare[0].message).toContain('MetadataOptions');
  });

  test('an instance whose launch template might not require tokens fails, naming the template; one whose template is unknown is unresolved', () => {
    const maybeAbsent = rawInstance({ LaunchTemplate: ltRef }, { Lt: rawLaunchTemplate({ MetadataOptions: { HttpTokens: { 'Fn::If': ['On', 'required', { Ref: 'AWS::NoValue' }] } } }) });
    const findings = findingsOf(checkTemplate(maybeAbsent), 'NET8').filter((f) => f.logicalId === 'Server');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET8']);
    expect(findings[0].message).toContain('Server');
    expect(findings[0].message).toContain('Lt');
    const maybeUnknown = rawInstance({ LaunchTemplate: ltRef }, { Lt: rawLaunchTemplate({ MetadataOptions: { HttpTokens: { 'Fn::If': ['On', 'required', imported] } } }) });
    const doubt = findingsOf(checkTemplate(maybeUnknown), 'NET8').filter((f) => f.logicalId === 'Server');
    expect(doubt.map((f) => f.id)).toEqual(['Hardened-NET8[Unresolved::Properties.LaunchTemplate]']);
    expect(doubt[0].message).toContain('Lt');
    expect(doubt[0].message).toContain('Server');
  });

  test('an imported launch template is unresolved, naming the instance', () => {
    const [f] = findingsOf(checkTemplate(rawInstance({ LaunchTemplate: { LaunchTemplateId: imported, Version: '1' } })), 'NET8');
    expect(f.id).toBe('Hardened-NET8[Unresolved::Properties.LaunchTemplate]');
    expect(f.message).toContain('Server');
  });

  describe('finding the launch template', () => {
    test('a launch template referenced twice is judged once', () => {
      const template = rawInstance(
        { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' }, Version: { 'Fn::GetAtt': ['Lt', 'LatestVersionNumber'] } } },
        { Lt: rawLaunchTemplate({ MetadataOptions: { HttpTokens: 'optional' } }) },
      );
      expect(ids(template, 'NET8').filter((s) => s.startsWith('Server '))).toEqual(['Server Hardened-NET8']);
    });

    test('a launch template ID from a parameter is unresolved', () => {
      const template = rawInstance({ LaunchTemplate: { LaunchTemplateId: { Ref: 'LtId' }, Version: '1' } }, {}, { Parameters: { LtId: { Type: 'String' } } });
      expect(ids(template, 'NET8')).toEqual(['Server Hardened-NET8[Unresolved::Properties.LaunchTemplate]']);
    });

    test('a resource other than a launch template referenced by the instance\'s LaunchTemplate is not its launch template', () => {
      const template = rawInstance(
        { LaunchTemplate: { LaunchTemplateName: 'web', Version: { 'Fn::GetAtt': ['Lookup', 'Version'] } } },
        {
          Lt: rawLaunchTemplate({ MetadataOptions: { HttpTokens: 'required' } }),
          Lookup: { Type: 'Custom::LaunchTemplateVersion', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:x' } },
        },
      );
      expect(ids(template, 'NET8')).toEqual([]);
    });
  });
});

describe('NET9 edge cases', () => {
  test('an instance or launch template that cannot be rendered is unresolved, naming where the key would be', () => {
    const instance = findingsOf(unreadable('instance'), 'NET9');
    expect(instance.map((f) => f.id)).toEqual(['Hardened-NET9[Unresolved::Properties.KeyName]']);
    expect(instance[0].message).toContain('Server');
    expect(findingsOf(unreadable('launchTemplate'), 'NET9').map((f) => f.id)).toEqual(['Hardened-NET9[Unresolved::Properties.LaunchTemplateData]']);
  });

  test('the message names the key and where it is set', () => {
    const [lt] = findingsOf(checkTemplate(rawTemplates({ Lt: rawLaunchTemplate({ KeyName: 'admin-key' }) })), 'NET9');
    expect(lt.message).toContain('Lt');
    expect(lt.message).toContain('admin-key');
    expect(lt.message).toContain('LaunchTemplateData.KeyName');
    const [instance] = findingsOf(checkTemplate(rawInstance({ KeyName: 'admin-key' })), 'NET9');
    expect(instance.message).toContain('Server');
    expect(instance.message).toContain('(KeyName)');
  });

  test('a launch template without LaunchTemplateData passes; an imported one is unresolved, naming the template', () => {
    expect(ids(rawTemplates({ Lt: rawLaunchTemplate(undefined) }), 'NET9')).toEqual([]);
    const [f] = findingsOf(checkTemplate(rawTemplates({ Lt: rawLaunchTemplate(imported) })), 'NET9');
    expect(f.id).toBe('Hardened-NET9[Unresolved::Properties.LaunchTemplateData]');
    expect(f.message).toContain('Lt');
  });
});
