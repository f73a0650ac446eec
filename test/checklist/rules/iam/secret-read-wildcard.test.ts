import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { allow, policyTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function newFunction(stack: ReturnType<typeof newStack>) {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
}

describe('SEC6 secret reads on every parameter or secret', () => {
  test('fails when a function may read every SSM parameter', () => {
    const stack = newStack();
    newFunction(stack).addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['*'] }));
    const findings = findingsOf(checkStack(stack), 'SEC6');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Fn/ServiceRole/DefaultPolicy/Resource Hardened-SEC6[Action::ssm:GetParameter]']);
  });

  test('passes when the function is granted one parameter and one secret', () => {
    const stack = newStack();
    const fn = newFunction(stack);
    new ssm.StringParameter(stack, 'Param', { parameterName: '/app/prod/url', stringValue: 'https://example.com' }).grantRead(fn);
    new secretsmanager.Secret(stack, 'Secret').grantRead(fn);
    expect(idsOf(checkStack(stack), 'SEC6')).toEqual([]);
  });

  test('fails on raw parameter/* and secret:* wildcards and on service wildcards', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('ssm:GetParameter*', 'arn:aws:ssm:us-east-1:123456789012:parameter/*'),
        allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:*'),
        allow('ssm:*', '*'),
      ]),
    );
    expect(findingsOf(findings, 'SEC6').map((f) => `${f.logicalId} ${f.id}`)).toEqual([
      'Pol Hardened-SEC6[Action::ssm:GetParameter*]',
      'Pol Hardened-SEC6[Action::secretsmanager:GetSecretValue]',
      'Pol Hardened-SEC6[Action::ssm:*]',
    ]);
    expect(findingsOf(findings, 'SEC6')[0].message).toContain('ssm:GetParameter, ssm:GetParameters');
  });

  test('passes on a path the application owns, on other actions and on a Deny', () => {
    const findings = checkTemplate(
      policyTemplate([
        allow('ssm:GetParametersByPath', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/*'),
        allow('ssm:GetParameter', 'arn:aws:s3:::*'),
        allow('s3:GetObject', 'arn:aws:s3:::b/*'),
        { Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ]),
    );
    expect(idsOf(findings, 'SEC6')).toEqual([]);
  });

  test('reports Unresolved when a parameter could make the path every parameter', () => {
    const findings = checkTemplate(
      policyTemplate([allow('ssm:GetParameter', { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Path}' })], {
        Parameters: { Path: { Type: 'String' } },
      }),
    );
    expect(idsOf(findings, 'SEC6')).toEqual(['Hardened-SEC6[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });

  test('passes when every AllowedValue is a path, fails when one is every parameter', () => {
    const template = (allowed: string[]) =>
      policyTemplate([allow('ssm:GetParameter', { 'Fn::Sub': 'arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${Path}' })], {
        Parameters: { Path: { Type: 'String', AllowedValues: allowed } },
      });
    expect(idsOf(checkTemplate(template(['app/prod/*', 'app/dev/*'])), 'SEC6')).toEqual([]);
    expect(idsOf(checkTemplate(template(['app/prod/*', '*'])), 'SEC6')).toEqual(['Hardened-SEC6[Action::ssm:GetParameter]']);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate(
      policyTemplate([allow('secretsmanager:GetSecretValue', { 'Fn::If': ['Prod', { Ref: 'Secret' }, '*'] })], {
        Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
        Resources: { Secret: { Type: 'AWS::SecretsManager::Secret' } },
      }),
    );
    expect(idsOf(findings, 'SEC6')).toEqual(['Hardened-SEC6[Action::secretsmanager:GetSecretValue]']);
  });

  test('reports Unresolved when the action on * is imported', () => {
    const findings = checkTemplate(policyTemplate([allow({ 'Fn::ImportValue': 'Action' })]));
    expect(idsOf(findings, 'SEC6')).toEqual(['Hardened-SEC6[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('reports Unresolved when a CDK imported value is the secret ARN', () => {
    const stack = newStack();
    const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Imported', Fn.importValue('SecretArn'));
    secret.grantRead(newFunction(stack));
    expect(idsOf(checkStack(stack), 'SEC6')).toEqual(['Hardened-SEC6[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });
});
