import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ROLE } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const props = (role?: iam.IRole): lambda.FunctionProps => ({
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => {};'),
  role,
});

function fn(role: unknown) {
  return { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.12', Handler: 'a.h', Code: { ZipFile: 'x' }, Role: role } };
}

describe('IAM9 one role per Lambda function', () => {
  test('warns when two functions share one role, on the role', () => {
    const stack = newStack();
    const shared = new iam.Role(stack, 'Shared', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new lambda.Function(stack, 'A', props(shared));
    new lambda.Function(stack, 'B', props(shared));
    const findings = findingsOf(checkStack(stack), 'IAM9');
    expect(findings.map((f) => `${f.path} ${f.id} ${f.severity}`)).toEqual([`TestStack/Shared/Resource Hardened-IAM9 ${Severity.WARNING}`]);
    expect(findings[0].message).toContain('TestStack/A/Resource');
    expect(findings[0].message).toContain('TestStack/B/Resource');
  });

  test('passes when each function has its own role', () => {
    const stack = newStack();
    new lambda.Function(stack, 'A', props());
    new lambda.Function(stack, 'B', props());
    expect(idsOf(checkStack(stack), 'IAM9')).toEqual([]);
  });

  test('warns on raw functions and SAM functions whose Role is GetAtt of the same role', () => {
    const findings = checkTemplate({
      Resources: {
        Shared: ROLE,
        Other: ROLE,
        A: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
        B: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.12', Handler: 'a.h', CodeUri: 's3://b/k', Role: { 'Fn::GetAtt': 'Shared.Arn' } } },
        C: fn({ 'Fn::GetAtt': ['Other', 'Arn'] }),
      },
    });
    expect(findingsOf(findings, 'IAM9').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Shared Hardened-IAM9']);
  });

  test('judges both branches of Fn::If', () => {
    const findings = checkTemplate({
      Conditions: { Prod: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Shared: ROLE,
        Other: ROLE,
        A: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
        B: fn({ 'Fn::If': ['Prod', { 'Fn::GetAtt': ['Other', 'Arn'] }, { 'Fn::GetAtt': ['Shared', 'Arn'] }] }),
      },
    });
    expect(findingsOf(findings, 'IAM9').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Shared Hardened-IAM9']);
  });

  test('passes when a function role is a parameter or imported (no role of the template is shared)', () => {
    const findings = checkTemplate({
      Parameters: { RoleArn: { Type: 'String' } },
      Resources: {
        Shared: ROLE,
        A: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
        B: fn({ Ref: 'RoleArn' }),
        C: fn({ 'Fn::ImportValue': 'RoleArn' }),
      },
    });
    expect(idsOf(findings, 'IAM9')).toEqual([]);
  });

  test('passes when CDK functions use an imported role (a token), which is not in the template', () => {
    const stack = newStack();
    const imported = iam.Role.fromRoleArn(stack, 'Imported', Fn.importValue('SharedRoleArn'));
    new lambda.Function(stack, 'A', props(imported));
    new lambda.Function(stack, 'B', props(imported));
    expect(idsOf(checkStack(stack), 'IAM9')).toEqual([]);
  });
});
