import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function trustTemplate(statement: Record<string, unknown>, extra: Record<string, any> = {}): object {
  return {
    ...extra,
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] } },
      },
    },
  };
}

describe('IAM8 public role trust policies', () => {
  test('fails when any principal may assume the role', () => {
    const stack = newStack();
    new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal() });
    const findings = findingsOf(checkStack(stack), 'IAM8');
    expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Open/Resource Hardened-IAM8[Principal::*]']);
  });

  test('fails when the only condition is MFA', () => {
    const stack = newStack();
    new iam.Role(stack, 'Open', { assumedBy: new iam.AnyPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) });
    expect(idsOf(checkStack(stack), 'IAM8')).toEqual(['Hardened-IAM8[Principal::*]']);
  });

  test('passes when an organization condition restricts the principal, or the principal is named', () => {
    const stack = newStack();
    new iam.Role(stack, 'Org', { assumedBy: new iam.OrganizationPrincipal('o-abc1234567') });
    new iam.Role(stack, 'Service', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new iam.Role(stack, 'Account', { assumedBy: new iam.AccountPrincipal('210987654321') });
    expect(idsOf(checkStack(stack), 'IAM8')).toEqual([]);
  });

  test('fails on raw Principal "*" and on a negated or IfExists organization condition', () => {
    expect(idsOf(checkTemplate(trustTemplate({ Principal: '*' })), 'IAM8')).toEqual(['Hardened-IAM8[Principal::*]']);
    expect(idsOf(checkTemplate(trustTemplate({ Principal: { AWS: ['*'] }, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } } })), 'IAM8')).toEqual([
      'Hardened-IAM8[Principal::*]',
    ]);
    expect(idsOf(checkTemplate(trustTemplate({ Principal: { AWS: '*' }, Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '1' } } })), 'IAM8')).toEqual([
      'Hardened-IAM8[Principal::*]',
    ]);
  });

  test('fails on an Allow with NotPrincipal', () => {
    const findings = checkTemplate(trustTemplate({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }));
    expect(findingsOf(findings, 'IAM8').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Role Hardened-IAM8[NotPrincipal]']);
  });

  test('passes on a Deny for everyone', () => {
    const findings = checkTemplate(trustTemplate({ Effect: 'Deny', Principal: '*' }));
    expect(idsOf(findings, 'IAM8')).toEqual([]);
  });

  test('passes when the external ID is a parameter (the key restricts, whatever its value)', () => {
    const findings = checkTemplate(
      trustTemplate({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } } }, { Parameters: { ExternalId: { Type: 'String' } } }),
    );
    expect(idsOf(findings, 'IAM8')).toEqual([]);
  });

  test('fails on a SAM function whose AssumeRolePolicyDocument trusts everyone', () => {
    const findings = checkTemplate({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Runtime: 'python3.12',
            Handler: 'a.h',
            CodeUri: 's3://b/k.zip',
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] },
          },
        },
      },
    });
    expect(findingsOf(findings, 'IAM8').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Fn Hardened-IAM8[Principal::*]']);
  });

  test('reports Unresolved when the principal is a parameter without AllowedValues', () => {
    const findings = checkTemplate(trustTemplate({ Principal: { AWS: { Ref: 'Trusted' } } }, { Parameters: { Trusted: { Type: 'String' } } }));
    expect(idsOf(findings, 'IAM8')).toEqual(['Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument.Statement.0.Principal]']);
  });

  test('passes when every AllowedValue is an account, fails when one is *', () => {
    const template = (allowed: string[]) => trustTemplate({ Principal: { AWS: { Ref: 'Trusted' } } }, { Parameters: { Trusted: { Type: 'String', AllowedValues: allowed } } });
    expect(idsOf(checkTemplate(template(['111111111111', '222222222222'])), 'IAM8')).toEqual([]);
    expect(idsOf(checkTemplate(template(['111111111111', '*'])), 'IAM8')).toEqual(['Hardened-IAM8[Principal::*]']);
  });

  test('passes when a parameter is the account inside a principal ARN (a CDK token)', () => {
    const stack = newStack();
    const account = new CfnParameter(stack, 'TrustedAccount');
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountPrincipal(account.valueAsString) });
    expect(idsOf(checkStack(stack), 'IAM8')).toEqual([]);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate(
      trustTemplate({ Principal: { AWS: { 'Fn::If': ['Open', '*', 'arn:aws:iam::123456789012:root'] } } }, { Conditions: { Open: { 'Fn::Equals': ['a', 'b'] } } }),
    );
    expect(idsOf(findings, 'IAM8')).toEqual(['Hardened-IAM8[Principal::*]']);
  });

  test('reports Unresolved when the principal or the condition is imported', () => {
    expect(idsOf(checkTemplate(trustTemplate({ Principal: { AWS: { 'Fn::ImportValue': 'Trusted' } } })), 'IAM8')).toEqual([
      'Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument.Statement.0.Principal]',
    ]);
    expect(idsOf(checkTemplate(trustTemplate({ Principal: '*', Condition: { 'Fn::ImportValue': 'Condition' } })), 'IAM8')).toEqual([
      'Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument.Statement.0.Condition]',
    ]);
  });

  test('reports Unresolved when a CDK imported value is the trusted principal', () => {
    const stack = newStack();
    new iam.Role(stack, 'Role', { assumedBy: new iam.ArnPrincipal(Fn.importValue('TrustedArn')) });
    expect(idsOf(checkStack(stack), 'IAM8')).toEqual(['Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument.Statement.0.Principal]']);
  });
});
