// Edge cases of SEC3 found by mutation testing: where a credential is found, which
// parts of a resource belong to SEC1/SEC2 instead, and what the findings say.
import { CfnResource, Lazy } from 'aws-cdk-lib';
import { FAKE } from './fake-credentials';
import { checkTemplate, checkTree, findingsOf, idsOf, newStack } from '../../helpers';

const conditions = { IsProd: { 'Fn::Equals': ['a', 'b'] } };

/** The SEC3 findings of a template with one resource. */
const sec3Of = (type: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  findingsOf(checkTemplate({ ...extra, Resources: { Res: { Type: type, Properties: properties } } }), 'SEC3');

describe('SEC3 edge cases', () => {
  test('fails Unresolved on a resource whose properties cannot be read, naming it', () => {
    const stack = newStack();
    new CfnResource(stack, 'Broken', {
      type: 'AWS::SNS::Topic',
      properties: {
        TopicName: Lazy.string({
          produce: () => {
            throw new Error('not ready');
          },
        }),
      },
    });
    const findings = findingsOf(checkTree(stack), 'SEC3');
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-SEC3[Unresolved::Properties]', 'Broken']]);
    expect(findings[0].message).toContain('The properties of TestStack/Broken could not be read');
    expect(findings[0].message).toContain('credentials');
  });

  test('the message names the property path (intrinsics and list indexes left out) and the resource', () => {
    const [userData] = sec3Of('AWS::EC2::Instance', {
      ImageId: 'ami-12345678',
      UserData: { 'Fn::Base64': { 'Fn::Sub': `#!/bin/bash\ncurl -H "Authorization: token ${FAKE.githubToken}" https://api.github.com/` } },
    });
    expect(userData.id).toBe('Hardened-SEC3[Property::UserData]');
    expect(userData.message).toMatch(/^Property UserData of Res holds a GitHub token \(ghp_…\)/);

    const [tag] = sec3Of('AWS::S3::Bucket', { Tags: [{ Key: 'team', Value: 'web' }, { Key: 'notify', Value: FAKE.slackToken }] });
    expect(tag.id).toBe('Hardened-SEC3[Property::Tags]');
    expect(tag.message).toMatch(/^Property Tags\.Value of Res holds a Slack token/);
  });

  test('one value with credentials of two formats gives one finding that lists both', () => {
    const [f] = sec3Of('AWS::EC2::Instance', { UserData: { 'Fn::Base64': `export AWS_ACCESS_KEY_ID=${FAKE.awsAccessKey}\nexport GH=${FAKE.githubToken}` } });
    expect(f.id).toBe('Hardened-SEC3[Property::UserData]');
    expect(f.message).toContain('holds an AWS access key ID (AKIA…), a GitHub token (ghp_…)');
  });

  test('a property whose name merely starts or ends like an intrinsic is a property of its own', () => {
    const findings = sec3Of('Custom::Mirror', {
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:mirror',
      RefreshToken: FAKE.jwt,
      GitRef: FAKE.urlWithPassword,
    });
    expect(findings.map((f) => f.id).sort()).toEqual(['Hardened-SEC3[Property::GitRef]', 'Hardened-SEC3[Property::RefreshToken]']);
    expect(findings.map((f) => f.message.split(' holds ')[0]).sort()).toEqual(['Property GitRef of Res', 'Property RefreshToken of Res']);
  });

  test('finds a key split over the variables of an Fn::Sub', () => {
    const half = FAKE.awsAccessKey.length / 2;
    const findings = sec3Of('AWS::EC2::Instance', {
      UserData: { 'Fn::Base64': { 'Fn::Sub': ['export AWS_ACCESS_KEY_ID=${Head}${Tail}', { Head: FAKE.awsAccessKey.slice(0, half), Tail: FAKE.awsAccessKey.slice(half) }] } },
    });
    expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC3[Property::UserData]']);
  });

  test('a credential among the allowed values of a parameter lands on the parameter, not on each resource that uses it', () => {
    const findings = sec3Of(
      'AWS::EC2::Instance',
      { UserData: { 'Fn::Base64': { Ref: 'Bootstrap' } } },
      { Parameters: { Bootstrap: { Type: 'String', AllowedValues: ['#!/bin/bash', `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${FAKE.awsAccessKey}`] } } },
    );
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-SEC3[Parameter::Bootstrap]', null]]);
  });

  describe('what SEC1 and SEC2 judge is theirs, everything else of those resources is SEC3\'s', () => {
    test('a SAM function\'s environment is SEC1\'s', () => {
      const findings = checkTemplate({
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Api: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.13', Handler: 'app.handler', Environment: { Variables: { GH: FAKE.githubToken } } } },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::GH]']);
      expect(idsOf(findings, 'SEC3')).toEqual([]);
    });

    test('a container\'s environment is SEC1\'s, also behind an Fn::If; its command is SEC3\'s', () => {
      const container = (extra: Record<string, unknown>) => ({ Name: 'app', Image: 'nginx', ...extra });
      const findings = checkTemplate({
        Conditions: conditions,
        Resources: {
          Task: {
            Type: 'AWS::ECS::TaskDefinition',
            Properties: {
              ContainerDefinitions: [
                { 'Fn::If': ['IsProd', container({ Environment: [{ Name: 'GH', Value: FAKE.githubToken }] }), container({})] },
                container({ Name: 'sidecar', Command: ['sh', '-c', `curl -u ci:${FAKE.stripeKey} https://api.stripe.com/v1/charges`] }),
              ],
            },
          },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::GH]']);
      expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::ContainerDefinitions]']);
      expect(findingsOf(findings, 'SEC3')[0].message).toMatch(/^Property ContainerDefinitions\.Command of Task holds a Stripe secret or restricted key/);
    });

    test('a CodeBuild project\'s environment variables are SEC1\'s; its buildspec is SEC3\'s', () => {
      const findings = checkTemplate({
        Resources: {
          Build: {
            Type: 'AWS::CodeBuild::Project',
            Properties: {
              Source: { Type: 'NO_SOURCE', BuildSpec: `version: 0.2\nphases:\n  build:\n    commands:\n      - git clone https://ci:${FAKE.githubToken}@github.com/org/repo` },
              Environment: { Image: 'aws/codebuild/standard:7.0', EnvironmentVariables: [{ Name: 'GH', Value: FAKE.githubToken }] },
            },
          },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::GH]']);
      expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::Source]']);
    });

    test('an SSM parameter\'s value is SEC2\'s; its description is SEC3\'s', () => {
      const findings = checkTemplate({
        Resources: {
          Param: {
            Type: 'AWS::SSM::Parameter',
            Properties: { Type: 'String', Name: '/app/config', Value: FAKE.githubToken, Description: `Rotated from ${FAKE.awsAccessKey}` },
          },
        },
      });
      expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Credential::GitHubToken]']);
      expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::Description]']);
    });

    // Only the exact place SEC1/SEC2 judge is left to them: the same key anywhere else
    // (another property, deeper, under another parent) is SEC3's.
    test.each([
      ['AWS::Lambda::Function', { Description: FAKE.awsAccessKey }, 'Description'],
      ['AWS::Lambda::Function', { Tags: { Environment: FAKE.awsAccessKey } }, 'Tags'],
      ['AWS::Serverless::Function', { Events: { Environment: FAKE.awsAccessKey } }, 'Events'],
      ['AWS::ECS::TaskDefinition', { Volumes: [{ Environment: FAKE.awsAccessKey }] }, 'Volumes'],
      ['AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', Secrets: { Environment: FAKE.awsAccessKey } }] }, 'ContainerDefinitions'],
      ['AWS::ECS::TaskDefinition', { ContainerDefinitions: [{ Name: 'app', EntryPoint: [FAKE.awsAccessKey] }] }, 'ContainerDefinitions'],
      ['AWS::CodeBuild::Project', { Environment: { Image: FAKE.awsAccessKey } }, 'Environment'],
      ['AWS::CodeBuild::Project', { Source: { EnvironmentVariables: FAKE.awsAccessKey } }, 'Source'],
      ['AWS::CodeBuild::Project', { EnvironmentVariables: FAKE.awsAccessKey }, 'EnvironmentVariables'],
      ['AWS::CodeBuild::Project', { Environment: { RegistryCredential: { EnvironmentVariables: FAKE.awsAccessKey } } }, 'Environment'],
      ['AWS::SSM::Parameter', { Type: 'String', Value: 'plain', Tags: { Value: FAKE.awsAccessKey } }, 'Tags'],
    ])('%s: a credential in %j is SEC3\'s', (type, properties, property) => {
      expect(sec3Of(type, properties as Record<string, unknown>).map((f) => f.id)).toEqual([`Hardened-SEC3[Property::${property}]`]);
    });
  });

  test('findings on the template name where the credential is, without naming the template when there is only one', () => {
    const findings = findingsOf(
      checkTemplate({
        Description: `Deploys with ${FAKE.urlWithPassword}`,
        Metadata: { Deploy: { Webhook: FAKE.slackWebhook } },
        Parameters: { UpstreamConfig: { Type: 'String', Default: `id=${FAKE.awsAccessKey}` } },
        Mappings: { Keys: { prod: { Access: FAKE.awsSessionKey } } },
        Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {}, Metadata: { debug: { sample: `Bearer ${FAKE.jwt}` } } } },
        Outputs: { Token: { Value: FAKE.jwt } },
      }),
      'SEC3',
    );
    const where = Object.fromEntries(findings.map((f) => [f.detail, f.message.split(' holds ')[0]]));
    expect(where).toEqual({
      'Template::Description': 'The template description',
      'Metadata::Deploy': 'Template metadata Deploy',
      'Parameter::UpstreamConfig': 'Parameter UpstreamConfig',
      'Mapping::Keys': 'Mapping Keys',
      'Metadata::debug': 'Metadata debug of Topic',
      'Output::Token': 'Output Token',
    });
  });
});
