import { CfnOutput, CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FAKE } from './fake-credentials';
import { templatesFromConstruct } from '../../../../src/checklist/cdk-source';
import { runChecklist } from '../../../../src/checklist/engine';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack, TEST_DATE } from '../../helpers';

const instance = (userData: unknown, extra: Record<string, unknown> = {}) => ({
  ...extra,
  Resources: {
    Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-12345678', InstanceType: 't3.micro', UserData: userData } },
  },
});

describe('SEC3 credentials written into the template', () => {
  test('fails when EC2 user data exports an AWS access key', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const userData = ec2.UserData.forLinux();
    userData.addCommands(`export AWS_ACCESS_KEY_ID=${FAKE.awsAccessKey}`, 'aws s3 ls');
    new ec2.Instance(stack, 'Web', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.genericLinux({ 'us-east-1': 'ami-12345678' }),
      userData,
    });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::UserData]']);
    const [f] = findingsOf(findings, 'SEC3');
    expect(f.path).toBe('TestStack/Web/Resource');
    expect(f.message).toContain('AWS access key');
    expect(f.message).not.toContain(FAKE.awsAccessKey);
  });

  test('fails on raw user data built with Fn::Base64 of Fn::Sub', () => {
    const findings = checkTemplate(
      instance({ 'Fn::Base64': { 'Fn::Sub': `#!/bin/bash\ncurl -H "Authorization: Bearer ${FAKE.githubToken}" https://api.github.com/\necho \${AWS::Region}` } }),
    );
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::UserData]']);
    expect(findingsOf(findings, 'SEC3')[0].logicalId).toBe('Web');
  });

  test('fails on raw user data whose key is split over the pieces of an Fn::Join', () => {
    const half = FAKE.awsAccessKey.length / 2;
    const findings = checkTemplate(
      instance({
        'Fn::Base64': { 'Fn::Join': ['', ['#!/bin/bash\nexport AWS_ACCESS_KEY_ID=', FAKE.awsAccessKey.slice(0, half), FAKE.awsAccessKey.slice(half), '\n']] },
      }),
    );
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::UserData]']);
  });

  test('passes when user data takes its secrets from a parameter or Secrets Manager at run time', () => {
    const findings = checkTemplate(
      instance(
        {
          'Fn::Base64': {
            'Fn::Sub':
              '#!/bin/bash\nDB_URL="postgres://app:${DbPassword}@db.internal/app"\nTOKEN=$(aws secretsmanager get-secret-value --secret-id prod/token --query SecretString --output text)',
          },
        },
        { Parameters: { DbPassword: { Type: 'String', NoEcho: true } } },
      ),
    );
    expect(idsOf(findings, 'SEC3')).toEqual([]);
  });

  test('fails when a tag holds a Slack token', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    // Set on the L1 (Tags.of() applies through an aspect, which runs only at synthesis).
    (bucket.node.defaultChild as s3.CfnBucket).tags.setTag('notify', FAKE.slackToken);
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Property::Tags]']);
    expect(findingsOf(findings, 'SEC3')[0].path).toBe('TestStack/Bucket/Resource');
  });

  test('fails when inline function code holds a private key', () => {
    const stack = newStack();
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.PYTHON_3_13,
      handler: 'index.handler',
      code: lambda.Code.fromInline(`KEY = """${FAKE.privateKey}"""\ndef handler(e, c): pass`),
    });
    expect(idsOf(checkStack(stack), 'SEC3')).toEqual(['Hardened-SEC3[Property::Code]']);
  });

  test('fails when a resource\'s metadata holds a JWT', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    (bucket.node.defaultChild as s3.CfnBucket).addMetadata('debug', { sample: `Bearer ${FAKE.jwt}` });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Metadata::debug]']);
    expect(findingsOf(findings, 'SEC3')[0].path).toBe('TestStack/Bucket/Resource');
  });

  test('fails on an output, the template description and template metadata, landing on the template', () => {
    const stack = newStack();
    stack.templateOptions.description = `Connects with ${FAKE.urlWithPassword}`;
    stack.templateOptions.metadata = { Deploy: { Webhook: FAKE.slackWebhook } };
    new sns.Topic(stack, 'Topic');
    new CfnOutput(stack, 'Token', { value: FAKE.jwt });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Metadata::Deploy]', 'Hardened-SEC3[Output::Token]', 'Hardened-SEC3[Template::Description]']);
    for (const f of findingsOf(findings, 'SEC3')) {
      expect(f.logicalId).toBeNull();
      expect(f.stack).toBe('TestStack');
    }
  });

  test('fails on the default of a parameter with an ordinary name, but leaves secret-looking parameters to SEC4', () => {
    const stack = newStack();
    new CfnParameter(stack, 'UpstreamConfig', { default: `id=${FAKE.awsAccessKey}` });
    new CfnParameter(stack, 'UpstreamSecret', { default: FAKE.stripeKey });
    new sns.Topic(stack, 'Topic');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Parameter::UpstreamConfig]']);
    expect(idsOf(findings, 'SEC4')).toEqual(['Hardened-SEC4[Parameter::UpstreamSecret]']);
  });

  test('fails on a credential in a mapping', () => {
    const findings = checkTemplate({
      Mappings: { Keys: { prod: { Access: FAKE.awsSessionKey } } },
      Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
    });
    expect(idsOf(findings, 'SEC3')).toEqual(['Hardened-SEC3[Mapping::Keys]']);
  });

  test('passes on a stack of ordinary resources', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { bucketName: 'my-app-assets' });
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    new CfnOutput(stack, 'BucketName', { value: 'my-app-assets' });
    expect(idsOf(checkStack(stack), 'SEC3')).toEqual([]);
  });

  test('names the template when the app has several', () => {
    const stack = newStack('First');
    const other = newStack('Second');
    new s3.Bucket(stack, 'Bucket');
    new CfnOutput(other, 'Leak', { value: FAKE.awsAccessKey });
    new sns.Topic(other, 'Topic');
    const findings = runChecklist([...templatesFromConstruct(stack), ...templatesFromConstruct(other)], { only: ['SEC3'], date: TEST_DATE }).findings;
    expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC3[Output::Leak]']);
    expect(findings[0].message).toContain('Second.template.json');
  });
});
