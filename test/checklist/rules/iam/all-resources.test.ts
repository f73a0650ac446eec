import { CfnParameter, Fn } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { allow, policyTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function newFunction(stack: ReturnType<typeof newStack>, props: Partial<lambda.FunctionProps> = {}) {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...props,
  });
}

describe('IAM2 all resources', () => {
  test('fails (with IAM1) when a Lambda function role is given s3:* on * through addToRolePolicy', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const findings = checkStack(stack);
    const iam2 = findingsOf(findings, 'IAM2');
    expect(iam2.map((f) => f.id)).toEqual(['Hardened-IAM2[Resource::*]']);
    expect(iam2[0].path).toBe('TestStack/Fn/ServiceRole/DefaultPolicy/Resource');
    expect(iam2[0].message).toContain('s3:*');
    expect(findingsOf(findings, 'IAM1').map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Fn/ServiceRole/DefaultPolicy/Resource Hardened-IAM1[Action::s3:*]']);
  });

  test('passes on the X-Ray statement CDK adds for active tracing (wildcard-only actions on *)', () => {
    const stack = newStack();
    newFunction(stack, { tracing: lambda.Tracing.ACTIVE });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]) },
    });
    expect(idsOf(checkStack(stack), 'IAM2')).toEqual([]);
  });

  test('passes when a pattern matches only wildcard-only actions (xray:Put*), fails when it does not (xray:*)', () => {
    expect(idsOf(checkTemplate(policyTemplate([allow(['xray:Put*', 'ec2:DescribeNetworkInterfaces'])])), 'IAM2')).toEqual([]);
    expect(idsOf(checkTemplate(policyTemplate([allow('xray:*')])), 'IAM2')).toEqual(['Hardened-IAM2[Resource::*]']);
  });

  test('warns with [CdkInternal] on the log retention function aws-cdk-lib creates for itself', () => {
    const stack = newStack();
    newFunction(stack, { logRetention: logs.RetentionDays.ONE_WEEK });
    const findings = findingsOf(checkStack(stack), 'IAM2');
    expect(findings.map((f) => `${f.path} ${f.id} ${f.severity}`)).toEqual([
      'TestStack/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/DefaultPolicy/Resource Hardened-IAM2[CdkInternal] warning',
    ]);
    expect(findings[0].fix).toContain('acknowledge Hardened-IAM2[CdkInternal]');
  });

  test('passes when the resources are named (grants on a bucket)', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.grantReadWrite(fn);
    expect(idsOf(checkStack(stack), 'IAM2')).toEqual([]);
  });

  test('fails on ARNs that name every resource of their type, whatever their region and account', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('logs:PutLogEvents', 'arn:aws:logs:*:*:*'),
        allow('iam:GetRole', 'arn:aws:iam::*:role/*'),
        allow('dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/*'),
        allow('ssm:GetParameter', 'arn:aws:ssm:*:*:parameter/*'),
        allow('logs:CreateLogStream', { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*' }),
        allow('s3:GetObject', ['arn:aws:s3:::*/*', 'arn:aws:s3:::*']),
      ]),
    );
    expect(idsOf(findings, 'IAM2')).toEqual([
      'Hardened-IAM2[Resource::arn:${AWS.Partition}:logs:${AWS.Region}:${AWS.AccountId}:log-group:*]',
      'Hardened-IAM2[Resource::arn:aws:dynamodb:us-east-1:123456789012:table/*]',
      'Hardened-IAM2[Resource::arn:aws:iam::*:role/*]',
      'Hardened-IAM2[Resource::arn:aws:logs:*:*:*]',
      'Hardened-IAM2[Resource::arn:aws:s3:::*/*]',
      'Hardened-IAM2[Resource::arn:aws:s3:::*]',
      'Hardened-IAM2[Resource::arn:aws:ssm:*:*:parameter/*]',
    ]);
  });

  test('passes on path and name prefixes', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('ssm:GetParameter', 'arn:aws:ssm:*:*:parameter/app/prod/*'),
        allow('dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:123456789012:table/orders*'),
        allow('s3:GetObject', 'arn:aws:s3:::my-bucket/*'),
        allow('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:my-fn:*'),
      ]),
    );
    expect(idsOf(findings, 'IAM2')).toEqual([]);
  });

  test('passes on arn:aws:s3:::${Bucket}/releases/* built with Fn::Sub from a parameter', () => {
    const findings = checkTemplate(
      policyTemplate([allow('s3:GetObject', { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/releases/*' })], { Parameters: { Bucket: { Type: 'String' } } }),
    );
    expect(findingsOf(findings, 'IAM2')).toEqual([]);
  });

  test('passes when the statement is a Deny, and leaves an Allow with NotAction to IAM3', () => {
    const findings = checkTemplate(
      policyTemplate([
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ]),
    );
    expect(idsOf(findings, 'IAM2')).toEqual([]);
    expect(idsOf(findings, 'IAM1')).toEqual([]);
    expect(idsOf(findings, 'IAM3')).toEqual(['Hardened-IAM3[NotAction]']);
  });

  test('reports Unresolved when a parameter could make the resource every parameter', () => {
    const findings = checkTemplate(
      policyTemplate([allow('ssm:GetParameter', { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Name}' })], {
        Parameters: { Name: { Type: 'String' } },
      }),
    );
    expect(idsOf(findings, 'IAM2')).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });

  test('passes when every AllowedValue of the resource parameter is specific, fails when one is *', () => {
    const template = (allowed: string[]) =>
      policyTemplate([allow('sqs:SendMessage', { Ref: 'Queue' })], { Parameters: { Queue: { Type: 'String', AllowedValues: allowed } } });
    expect(idsOf(checkTemplate(template(['arn:aws:sqs:us-east-1:123456789012:a', 'arn:aws:sqs:us-east-1:123456789012:b'])), 'IAM2')).toEqual([]);
    expect(idsOf(checkTemplate(template(['arn:aws:sqs:us-east-1:123456789012:a', '*'])), 'IAM2')).toEqual(['Hardened-IAM2[Resource::*]']);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate(
      policyTemplate([allow('sqs:SendMessage', { 'Fn::If': ['Prod', { 'Fn::GetAtt': ['Queue', 'Arn'] }, '*'] })], {
        Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
        Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
      }),
    );
    expect(idsOf(findings, 'IAM2')).toEqual(['Hardened-IAM2[Resource::*]']);
  });

  test('reports Unresolved when the resource is imported (Fn::ImportValue)', () => {
    const findings = checkTemplate(policyTemplate([allow('sqs:SendMessage', { 'Fn::ImportValue': 'QueueArn' })]));
    expect(idsOf(findings, 'IAM2')).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });

  test('reports Unresolved when the action on * is a parameter, and passes when it is exempt', () => {
    const unknown = checkTemplate(policyTemplate([allow({ Ref: 'Action' })], { Parameters: { Action: { Type: 'String' } } }));
    expect(idsOf(unknown, 'IAM2')).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    const exempt = checkTemplate(
      policyTemplate([allow({ Ref: 'Action' })], { Parameters: { Action: { Type: 'String', AllowedValues: ['xray:PutTraceSegments', 'ec2:DescribeInstances'] } } }),
    );
    expect(idsOf(exempt, 'IAM2')).toEqual([]);
  });

  test('reports Unresolved when a CDK token (an imported value) is the resource', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [Fn.importValue('QueueArn')] }));
    const findings = findingsOf(checkStack(stack), 'IAM2');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
    expect(findings[0].path).toBe('TestStack/Fn/ServiceRole/DefaultPolicy/Resource');
  });

  test('passes when a CDK parameter token names a bucket inside a longer ARN', () => {
    const stack = newStack();
    const bucket = new CfnParameter(stack, 'BucketName');
    const fn = newFunction(stack);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [`arn:aws:s3:::${bucket.valueAsString}/releases/*`] }));
    expect(idsOf(checkStack(stack), 'IAM2')).toEqual([]);
  });
});
