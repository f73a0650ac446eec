import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ROLE, allow, policyTemplate } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function newFunction(stack: ReturnType<typeof newStack>, id = 'Fn') {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
}

describe('IAM1 wildcard actions', () => {
  test('fails when a Lambda function role is given s3:* through addToRolePolicy', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM1');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[Action::s3:*]']);
    expect(findings[0].path).toBe('TestStack/Fn/ServiceRole/DefaultPolicy/Resource');
    expect(findings[0].severity).toBe(Severity.ERROR);
  });

  test('warns when a statement uses a partial wildcard such as s3:Get*', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::my-bucket/*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM1');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[PartialWildcard::s3:Get*]']);
    expect(findings[0].severity).toBe(Severity.WARNING);
    expect(findings[0].path).toBe('TestStack/Role/DefaultPolicy/Resource');
  });

  test('fails when a role inline policy allows "*" and lands on the role', () => {
    const findings = checkTemplate({
      Resources: {
        Admin: {
          Type: 'AWS::IAM::Role',
          Properties: {
            ...ROLE.Properties,
            Policies: [{ PolicyName: 'All', PolicyDocument: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } }],
          },
        },
      },
    });
    const iam1 = findingsOf(findings, 'IAM1');
    expect(iam1.map((f) => f.id)).toEqual(['Hardened-IAM1[Action::*]']);
    expect(iam1[0].logicalId).toBe('Admin');
    expect(iam1[0].message).toContain("inline policy 'All'");
  });

  test('fails on service wildcards in managed policies, users, groups and the standalone policy types', () => {
    const doc = { Statement: [allow(['dynamodb:*', 'sqs:SendMessage'])] };
    const findings = checkTemplate({
      Resources: {
        Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: doc } },
        User: { Type: 'AWS::IAM::User', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: doc }] } },
        Group: { Type: 'AWS::IAM::Group', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: doc }] } },
        RolePol: { Type: 'AWS::IAM::RolePolicy', Properties: { RoleName: 'r', PolicyName: 'p', PolicyDocument: doc } },
        UserPol: { Type: 'AWS::IAM::UserPolicy', Properties: { UserName: 'u', PolicyName: 'p', PolicyDocument: doc } },
        GroupPol: { Type: 'AWS::IAM::GroupPolicy', Properties: { GroupName: 'g', PolicyName: 'p', PolicyDocument: doc } },
      },
    });
    const iam1 = findingsOf(findings, 'IAM1');
    expect(iam1.map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual(
      ['Group', 'GroupPol', 'Managed', 'RolePol', 'User', 'UserPol'].map((id) => `${id} Hardened-IAM1[Action::dynamodb:*]`),
    );
  });

  test('fails on a SAM function whose Policies hold a statement with a wildcard action', () => {
    const findings = checkTemplate({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Api: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Runtime: 'python3.12',
            Handler: 'app.handler',
            CodeUri: 's3://bucket/key.zip',
            Policies: [{ S3ReadPolicy: { BucketName: 'b' } }, { Statement: [allow('kms:*')] }],
          },
        },
      },
    });
    expect(findingsOf(findings, 'IAM1').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Api Hardened-IAM1[Action::kms:*]']);
  });

  test('passes when the actions are named one by one', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::my-bucket/*'] }));
    expect(idsOf(checkStack(stack), 'IAM1')).toEqual([]);
  });

  test('passes when the wildcard is in a Deny statement', () => {
    const findings = checkTemplate(policyTemplate([{ Effect: 'Deny', Action: '*', Resource: '*' }, allow('s3:GetObject', 'arn:aws:s3:::b/*')]));
    expect(idsOf(findings, 'IAM1')).toEqual([]);
  });

  test('passes when an Allow uses NotAction (IAM3 judges it)', () => {
    const findings = checkTemplate(policyTemplate([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }]));
    expect(idsOf(findings, 'IAM1')).toEqual([]);
    expect(idsOf(findings, 'IAM3')).toEqual(['Hardened-IAM3[NotAction]']);
  });

  test('reports Unresolved when an action is a parameter without AllowedValues', () => {
    const findings = checkTemplate(policyTemplate([allow({ Ref: 'Action' }, 'arn:aws:s3:::b/*')], { Parameters: { Action: { Type: 'String', Default: 's3:GetObject' } } }));
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reports Unresolved when a parameter could complete an action into a wildcard', () => {
    const findings = checkTemplate(policyTemplate([allow({ 'Fn::Sub': 's3:${Verb}' }, 'arn:aws:s3:::b/*')], { Parameters: { Verb: { Type: 'String' } } }));
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('passes when every AllowedValue of the action parameter is a specific action', () => {
    const findings = checkTemplate(
      policyTemplate([allow({ Ref: 'Action' }, 'arn:aws:s3:::b/*')], { Parameters: { Action: { Type: 'String', AllowedValues: ['s3:GetObject', 's3:PutObject'] } } }),
    );
    expect(idsOf(findings, 'IAM1')).toEqual([]);
  });

  test('fails when one AllowedValue of the action parameter is a wildcard', () => {
    const findings = checkTemplate(
      policyTemplate([allow({ Ref: 'Action' }, 'arn:aws:s3:::b/*')], { Parameters: { Action: { Type: 'String', AllowedValues: ['s3:GetObject', 's3:*'] } } }),
    );
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Action::s3:*]']);
  });

  test('judges both branches of Fn::If, in an action, a statement and a statement list', () => {
    const findings = checkTemplate(
      policyTemplate(
        {
          'Fn::If': [
            'Prod',
            [allow(['s3:GetObject', { 'Fn::If': ['Prod', 'sqs:SendMessage', 'ec2:*'] }], 'arn:aws:s3:::b/*')],
            [{ 'Fn::If': ['Prod', { Ref: 'AWS::NoValue' }, allow('lambda:*')] }],
          ],
        },
        { Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } } },
      ),
    );
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Action::ec2:*]', 'Hardened-IAM1[Action::lambda:*]']);
  });

  test('judges Fn::If around an inline policy and around its document', () => {
    const findings = checkTemplate({
      Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            ...ROLE.Properties,
            Policies: [
              { 'Fn::If': ['Prod', { PolicyName: 'a', PolicyDocument: { Statement: [allow('ecs:*')] } }, { Ref: 'AWS::NoValue' }] },
              { PolicyName: 'b', PolicyDocument: { 'Fn::If': ['Prod', { Statement: [allow('sqs:SendMessage', 'arn:aws:sqs:us-east-1:1:q')] }, { Statement: [allow('sns:*')] }] } },
            ],
          },
        },
      },
    });
    const iam1 = findingsOf(findings, 'IAM1');
    expect(iam1.map((f) => f.id).sort()).toEqual(['Hardened-IAM1[Action::ecs:*]', 'Hardened-IAM1[Action::sns:*]']);
    expect(iam1.find((f) => f.id.includes('sns'))?.message).toContain("inline policy 'b'");
  });

  test('reports Unresolved when an action is imported (Fn::ImportValue)', () => {
    const findings = checkTemplate(policyTemplate([allow({ 'Fn::ImportValue': 'SharedAction' }, 'arn:aws:s3:::b/*')]));
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reports Unresolved when the statement list itself is imported', () => {
    const findings = checkTemplate(policyTemplate({ 'Fn::ImportValue': 'SharedStatements' }));
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement]']);
  });

  test('reports Unresolved when a CDK token (a parameter value) is the action', () => {
    const stack = newStack();
    const action = new CfnParameter(stack, 'Action');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: [action.valueAsString], resources: ['arn:aws:s3:::b/*'] }));
    expect(idsOf(checkStack(stack), 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reports Unresolved when a CDK token (an imported value) is the action', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: [Fn.importValue('SharedAction')], resources: ['arn:aws:s3:::b/*'] }));
    expect(idsOf(checkStack(stack), 'IAM1')).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reads a policy document written as a JSON string', () => {
    const findings = checkTemplate({
      Resources: {
        Pol: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [allow('sns:*')] }) },
        },
      },
    });
    expect(idsOf(findings, 'IAM1')).toEqual(['Hardened-IAM1[Action::sns:*]']);
  });
});
