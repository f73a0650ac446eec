import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function fn(stack: ReturnType<typeof newStack>) {
  return new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: lambda.Code.fromInline('x') });
}

const permission = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...extra,
  Resources: {
    Invoke: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'my-fn', ...props } },
  },
});

describe('LMB2 public Lambda functions', () => {
  test('fails when a function URL has AuthType NONE, on the URL and on the permissions that open it', () => {
    const stack = newStack();
    fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    const findings = findingsOf(checkStack(stack), 'LMB2');
    const url = findings.filter((f) => f.resourceType === 'AWS::Lambda::Url');
    expect(url.map((f) => [f.id, f.path])).toEqual([['Hardened-LMB2[AuthType::NONE]', 'TestStack/Fn/FunctionUrl/Resource']]);
    // aws-cdk-lib also adds permissions for principal * (lambda:InvokeFunctionUrl, and lambda:InvokeFunction via the URL).
    const permissions = findings.filter((f) => f.resourceType === 'AWS::Lambda::Permission');
    expect(permissions.map((f) => f.id)).toEqual(['Hardened-LMB2[Principal::*]', 'Hardened-LMB2[Principal::*]']);
  });

  test('fails when a permission grants invoke to AnyPrincipal', () => {
    const stack = newStack();
    fn(stack).addPermission('Public', { principal: new iam.AnyPrincipal() });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LMB2')).toEqual(['Hardened-LMB2[Principal::*]']);
    expect(findingsOf(findings, 'LMB2')[0].path).toBe('TestStack/Fn/Public');
  });

  test('passes when invoke is limited to a source or an IAM-authenticated URL', () => {
    const stack = newStack();
    const f = fn(stack);
    f.addPermission('FromAccount', { principal: new iam.AnyPrincipal(), sourceAccount: '123456789012' });
    f.addPermission('FromBucket', { principal: new iam.ServicePrincipal('s3.amazonaws.com'), sourceArn: 'arn:aws:s3:::my-bucket' });
    f.addPermission('FromOrg', { principal: new iam.AnyPrincipal(), organizationId: 'o-abc123def4' });
    f.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    expect(idsOf(checkStack(stack), 'LMB2')).toEqual([]);
  });

  test('fails on a raw permission with principal * whose SourceArn an Fn::If can drop', () => {
    const findings = checkTemplate(
      permission({ Principal: '*', SourceArn: { 'Fn::If': ['Restricted', 'arn:aws:s3:::bucket', { Ref: 'AWS::NoValue' }] } }, { Conditions: { Restricted: { 'Fn::Equals': ['a', 'b'] } } }),
    );
    expect(idsOf(findings, 'LMB2')).toEqual(['Hardened-LMB2[Principal::*]']);
    expect(findingsOf(findings, 'LMB2')[0].logicalId).toBe('Invoke');
  });

  test('fails on a raw permission with principal {"AWS": "*"}', () => {
    expect(idsOf(checkTemplate(permission({ Principal: { AWS: '*' } })), 'LMB2')).toEqual(['Hardened-LMB2[Principal::*]']);
  });

  test('judges a principal parameter by its allowed values, and reports one without as unresolved', () => {
    const param = (allowed?: string[]) => ({ Parameters: { Who: { Type: 'String', ...(allowed ? { AllowedValues: allowed } : {}) } } });
    expect(idsOf(checkTemplate(permission({ Principal: { Ref: 'Who' } }, param(['123456789012', 'sns.amazonaws.com']))), 'LMB2')).toEqual([]);
    expect(idsOf(checkTemplate(permission({ Principal: { Ref: 'Who' } }, param(['123456789012', '*']))), 'LMB2')).toEqual(['Hardened-LMB2[Principal::*]']);
    expect(idsOf(checkTemplate(permission({ Principal: { Ref: 'Who' } }, param())), 'LMB2')).toEqual(['Hardened-LMB2[Unresolved::Properties.Principal]']);
    // A restricting property, even one set from a parameter, narrows who may invoke.
    expect(idsOf(checkTemplate(permission({ Principal: { Ref: 'Who' }, SourceAccount: { Ref: 'AWS::AccountId' } }, param())), 'LMB2')).toEqual([]);
  });

  test('fails Unresolved when a URL\'s AuthType is imported, and fails a raw URL with AuthType NONE', () => {
    const url = (authType: unknown) => ({ Resources: { Url: { Type: 'AWS::Lambda::Url', Properties: { AuthType: authType, TargetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f' } } } });
    expect(idsOf(checkTemplate(url({ 'Fn::ImportValue': 'AuthType' })), 'LMB2')).toEqual(['Hardened-LMB2[Unresolved::Properties.AuthType]']);
    expect(idsOf(checkTemplate(url('NONE')), 'LMB2')).toEqual(['Hardened-LMB2[AuthType::NONE]']);
    expect(idsOf(checkTemplate(url('AWS_IAM')), 'LMB2')).toEqual([]);
  });

  test('fails a SAM function whose FunctionUrlConfig has AuthType NONE, on the function', () => {
    const findings = checkTemplate({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Api: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.13', Handler: 'app.handler', CodeUri: '.', FunctionUrlConfig: { AuthType: 'NONE' } } },
        Private: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.13', Handler: 'app.handler', CodeUri: '.', FunctionUrlConfig: { AuthType: 'AWS_IAM' } } },
      },
    });
    expect(findingsOf(findings, 'LMB2').map((f) => [f.id, f.logicalId])).toEqual([['Hardened-LMB2[AuthType::NONE]', 'Api']]);
  });
});
