import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ROLE } from './fixtures';
import { isAdminLevelPolicyName } from '../../../../src/checklist/rules/iam/admin-managed-policy';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function roleWith(arns: unknown, extra: Record<string, any> = {}): object {
  return { ...extra, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { ...ROLE.Properties, ManagedPolicyArns: arns } } } };
}

describe('IAM4 admin-level AWS managed policies', () => {
  test('fails when a role, a user and a group get admin-level AWS managed policies', () => {
    const stack = newStack();
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess')],
    });
    const user = new iam.User(stack, 'User');
    user.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3FullAccess'));
    new iam.Group(stack, 'Group', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('PowerUserAccess')] });
    const findings = findingsOf(checkStack(stack), 'IAM4');
    expect(findings.map((f) => `${f.path} ${f.id}`).sort()).toEqual([
      'TestStack/Group/Resource Hardened-IAM4[ManagedPolicy::PowerUserAccess]',
      'TestStack/Role/Resource Hardened-IAM4[ManagedPolicy::AdministratorAccess]',
      'TestStack/User/Resource Hardened-IAM4[ManagedPolicy::AmazonS3FullAccess]',
    ]);
  });

  test('fails on a raw ARN of IAMFullAccess', () => {
    const findings = checkTemplate(roleWith(['arn:aws:iam::aws:policy/IAMFullAccess']));
    expect(findingsOf(findings, 'IAM4').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Role Hardened-IAM4[ManagedPolicy::IAMFullAccess]']);
  });

  test('passes on read-only, audit, service-role and customer managed policies', () => {
    const stack = newStack();
    const own = new iam.ManagedPolicy(stack, 'Own', { statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] })] });
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('job-function/ViewOnlyAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('SecurityAudit'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
        iam.ManagedPolicy.fromManagedPolicyName(stack, 'Named', 'TeamFullAccess'),
        own,
      ],
    });
    expect(idsOf(checkStack(stack), 'IAM4')).toEqual([]);
  });

  test('names the admin-level policies', () => {
    for (const name of ['AdministratorAccess', 'AdministratorAccess-Amplify', 'PowerUserAccess', 'IAMFullAccess', 'AWSLambda_FullAccess', 'CloudWatchFullAccessV2']) {
      expect(isAdminLevelPolicyName(name)).toBe(true);
    }
    for (const name of ['ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit', 'AWSLambdaBasicExecutionRole', 'AmazonS3ReadOnlyAccess']) {
      expect(isAdminLevelPolicyName(name)).toBe(false);
    }
  });

  test('fails on a SAM function whose Policies name an AWS managed *FullAccess policy, passes on policy templates', () => {
    const findings = checkTemplate({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Api: {
          Type: 'AWS::Serverless::Function',
          Properties: { Runtime: 'python3.12', Handler: 'a.h', CodeUri: 's3://b/k.zip', Policies: ['AmazonDynamoDBFullAccess', 'AWSXRayDaemonWriteAccess', { S3ReadPolicy: { BucketName: 'b' } }] },
        },
        Worker: {
          Type: 'AWS::Serverless::Function',
          Properties: { Runtime: 'python3.12', Handler: 'a.h', CodeUri: 's3://b/k.zip', Policies: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        },
      },
    });
    expect(findingsOf(findings, 'IAM4').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'Api Hardened-IAM4[ManagedPolicy::AmazonDynamoDBFullAccess]',
      'Worker Hardened-IAM4[ManagedPolicy::AdministratorAccess]',
    ]);
  });

  test('reports Unresolved when the policy ARN is a parameter without AllowedValues', () => {
    const findings = checkTemplate(roleWith([{ Ref: 'PolicyArn' }], { Parameters: { PolicyArn: { Type: 'String' } } }));
    expect(idsOf(findings, 'IAM4')).toEqual(['Hardened-IAM4[Unresolved::Properties.ManagedPolicyArns]']);
  });

  test('reports Unresolved when a parameter names the AWS managed policy, passes when it names a customer policy', () => {
    const params = { Parameters: { Name: { Type: 'String' } } };
    expect(idsOf(checkTemplate(roleWith([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/${Name}' }], params)), 'IAM4')).toEqual([
      'Hardened-IAM4[Unresolved::Properties.ManagedPolicyArns]',
    ]);
    expect(idsOf(checkTemplate(roleWith([{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/${Name}' }], params)), 'IAM4')).toEqual([]);
  });

  test('passes when every AllowedValue is a non-admin policy, fails when one is admin-level', () => {
    const template = (allowed: string[]) => roleWith([{ Ref: 'PolicyArn' }], { Parameters: { PolicyArn: { Type: 'String', AllowedValues: allowed } } });
    expect(idsOf(checkTemplate(template(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/SecurityAudit'])), 'IAM4')).toEqual([]);
    expect(idsOf(checkTemplate(template(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'])), 'IAM4')).toEqual([
      'Hardened-IAM4[ManagedPolicy::AdministratorAccess]',
    ]);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate(
      roleWith([{ 'Fn::If': ['Prod', 'arn:aws:iam::aws:policy/ReadOnlyAccess', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/PowerUserAccess' }] }], {
        Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
      }),
    );
    expect(idsOf(findings, 'IAM4')).toEqual(['Hardened-IAM4[ManagedPolicy::PowerUserAccess]']);
  });

  test('reports Unresolved when the policy ARN is an imported CDK token', () => {
    const stack = newStack();
    new iam.Role(stack, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Imported', Fn.importValue('SharedPolicyArn'))],
    });
    const findings = findingsOf(checkStack(stack), 'IAM4');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Role/Resource Hardened-IAM4[Unresolved::Properties.ManagedPolicyArns]']);
  });
});
