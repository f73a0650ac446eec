import { CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { policyTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('IAM3 NotAction and NotResource', () => {
  test('fails when a role policy allows everything but some actions (notActions)', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM3');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM3[NotAction]']);
    expect(findings[0].path).toBe('TestStack/Role/DefaultPolicy/Resource');
  });

  test('fails when a managed policy allows actions on everything but some resources (notResources)', () => {
    const stack = newStack();
    new iam.ManagedPolicy(stack, 'Managed', {
      statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], notResources: ['arn:aws:s3:::secret/*'] })],
    });
    const findings = findingsOf(checkStack(stack), 'IAM3');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Managed/Resource Hardened-IAM3[NotResource]']);
    // The other statement rules do not guess what NotResource leaves allowed.
    expect(idsOf(checkStack(stack), 'IAM2')).toEqual([]);
  });

  test('fails on a raw inline role policy with both NotAction and NotResource', () => {
    const findings = checkTemplate({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::x' }] } }],
          },
        },
      },
    });
    expect(findingsOf(findings, 'IAM3').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Role Hardened-IAM3[NotAction]', 'Role Hardened-IAM3[NotResource]']);
  });

  test('is the only statement rule that fires on an Allow with NotAction on *', () => {
    const findings = checkTemplate(policyTemplate([{ Effect: 'Allow', NotAction: ['iam:PassRole', 'ssm:GetParameter'], Resource: '*' }]));
    const statementRules = ['IAM1', 'IAM2', 'IAM3', 'IAM7', 'SEC6'];
    expect(findings.filter((f) => statementRules.includes(f.ruleId)).map((f) => f.id)).toEqual(['Hardened-IAM3[NotAction]']);
  });

  test('passes on a Deny with NotAction and on ordinary Allow statements', () => {
    const findings = checkTemplate(
      policyTemplate([
        { Effect: 'Deny', NotAction: ['s3:GetObject'], Resource: '*' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ]),
    );
    expect(idsOf(findings, 'IAM3')).toEqual([]);
  });

  test('fails when the Effect is a parameter without AllowedValues, passes when it can only be Deny', () => {
    const statement = { Effect: { Ref: 'Effect' }, NotAction: 'iam:*', Resource: '*' };
    expect(idsOf(checkTemplate(policyTemplate([statement], { Parameters: { Effect: { Type: 'String' } } })), 'IAM3')).toEqual(['Hardened-IAM3[NotAction]']);
    expect(idsOf(checkTemplate(policyTemplate([statement], { Parameters: { Effect: { Type: 'String', AllowedValues: ['Deny'] } } })), 'IAM3')).toEqual([]);
    expect(idsOf(checkTemplate(policyTemplate([statement], { Parameters: { Effect: { Type: 'String', AllowedValues: ['Deny', 'Allow'] } } })), 'IAM3')).toEqual([
      'Hardened-IAM3[NotAction]',
    ]);
  });

  test('judges both branches of Fn::If around a statement', () => {
    const findings = checkTemplate(
      policyTemplate([{ 'Fn::If': ['Prod', { Ref: 'AWS::NoValue' }, { Effect: 'Allow', NotResource: 'arn:aws:s3:::x', Action: 's3:GetObject' }] }], {
        Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
      }),
    );
    expect(idsOf(findings, 'IAM3')).toEqual(['Hardened-IAM3[NotResource]']);
  });

  test('reports Unresolved when a statement is imported (Fn::ImportValue)', () => {
    const findings = checkTemplate(policyTemplate([{ 'Fn::ImportValue': 'SharedStatement' }]));
    expect(idsOf(findings, 'IAM3')).toEqual(['Hardened-IAM3[Unresolved::Properties.PolicyDocument.Statement.0]']);
  });

  test('reports Unresolved when a CDK token (a parameter) is the whole policy document', () => {
    const stack = newStack();
    const doc = new CfnParameter(stack, 'Doc');
    new iam.CfnManagedPolicy(stack, 'Managed', { policyDocument: doc.valueAsString });
    expect(idsOf(checkStack(stack), 'IAM3')).toEqual(['Hardened-IAM3[Unresolved::Properties.PolicyDocument]']);
  });
});
