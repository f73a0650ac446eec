import { CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkStack, checkTemplate, idsOf, newStack } from '../../helpers';

describe('IAM5 long-lived access keys', () => {
  test('fails when a stack creates an access key for a user', () => {
    const stack = newStack();
    const user = new iam.User(stack, 'Deployer');
    new iam.AccessKey(stack, 'Key', { user });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'IAM5')).toEqual(['Hardened-IAM5']);
    expect(findings.find((f) => f.ruleId === 'IAM5')?.path).toBe('TestStack/Key/Resource');
  });

  test('fails on a raw AWS::IAM::AccessKey whose user is a parameter', () => {
    const findings = checkTemplate({
      Parameters: { UserName: { Type: 'String' } },
      Resources: { Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'UserName' } } } },
    });
    expect(idsOf(findings, 'IAM5')).toEqual(['Hardened-IAM5']);
  });

  test('passes when the stack only has roles', () => {
    const stack = newStack();
    new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new CfnParameter(stack, 'Unused');
    expect(idsOf(checkStack(stack), 'IAM5')).toEqual([]);
  });
});
