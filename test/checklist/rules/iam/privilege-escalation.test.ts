import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { allow, policyTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('IAM7 iam:PassRole and privilege escalation', () => {
  test('fails when a function role may pass any role', () => {
    const stack = newStack();
    const fn = new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: ['*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM7');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Fn/ServiceRole/DefaultPolicy/Resource Hardened-IAM7[Action::iam:PassRole]']);
  });

  test('passes when the role to pass is named (grantPassRole)', () => {
    const stack = newStack();
    const runner = new iam.Role(stack, 'Runner', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    const deployer = new iam.Role(stack, 'Deployer', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    runner.grantPassRole(deployer);
    expect(idsOf(checkStack(stack), 'IAM7')).toEqual([]);
  });

  test('fails on iam:* on every role and on escalation actions on every user or policy', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('iam:*', 'arn:aws:iam::*:role/*'),
        allow('iam:CreateAccessKey', 'arn:aws:iam::123456789012:user/*'),
        allow(['iam:CreatePolicyVersion', 's3:GetObject'], 'arn:aws:iam::123456789012:policy/*'),
      ]),
    );
    expect(findingsOf(findings, 'IAM7').map((f) => `${f.logicalId} ${f.id}`)).toEqual([
      'Pol Hardened-IAM7[Action::iam:*]',
      'Pol Hardened-IAM7[Action::iam:CreateAccessKey]',
      'Pol Hardened-IAM7[Action::iam:CreatePolicyVersion]',
    ]);
  });

  test('passes on a path prefix, on another resource type and on a Deny', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('iam:AttachRolePolicy', 'arn:aws:iam::123456789012:role/app/*'),
        allow('iam:PassRole', 'arn:aws:iam::123456789012:user/*'),
        { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
        allow('iam:GetRole', '*'),
      ]),
    );
    expect(idsOf(findings, 'IAM7')).toEqual([]);
  });

  test('reports Unresolved when a parameter could make the role every role', () => {
    const findings = checkTemplate(
      policyTemplate([allow('iam:PassRole', { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${RoleName}' })], { Parameters: { RoleName: { Type: 'String' } } }),
    );
    expect(idsOf(findings, 'IAM7')).toEqual(['Hardened-IAM7[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });

  test('passes when every AllowedValue names a role, fails when one is every role', () => {
    const template = (allowed: string[]) =>
      policyTemplate([allow('iam:PassRole', { 'Fn::Sub': 'arn:aws:iam::${AWS::AccountId}:role/${RoleName}' })], {
        Parameters: { RoleName: { Type: 'String', AllowedValues: allowed } },
      });
    expect(idsOf(checkTemplate(template(['app-a', 'app-b'])), 'IAM7')).toEqual([]);
    expect(idsOf(checkTemplate(template(['app-a', '*'])), 'IAM7')).toEqual(['Hardened-IAM7[Action::iam:PassRole]']);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate(
      policyTemplate([allow({ 'Fn::If': ['Prod', 'iam:GetRole', 'iam:PutRolePolicy'] }, '*')], { Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } }),
    );
    expect(idsOf(findings, 'IAM7')).toEqual(['Hardened-IAM7[Action::iam:PutRolePolicy]']);
  });

  test('reports Unresolved when the action on * is imported', () => {
    const findings = checkTemplate(policyTemplate([allow({ 'Fn::ImportValue': 'Action' }, '*')]));
    expect(idsOf(findings, 'IAM7')).toEqual(['Hardened-IAM7[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reports Unresolved when a CDK imported value is the role to pass', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [Fn.importValue('RoleArn')] }));
    expect(idsOf(checkStack(stack), 'IAM7')).toEqual(['Hardened-IAM7[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });
});
