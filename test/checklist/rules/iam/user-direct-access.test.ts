import { Fn, SecretValue } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const READ = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };

describe('IAM6 IAM users with direct policies or a console password', () => {
  test('warns when a user has a password, a managed policy and a policy of its own', () => {
    const stack = newStack();
    const user = new iam.User(stack, 'User', { password: SecretValue.unsafePlainText('correct-horse-battery') });
    user.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess'));
    user.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM6');
    expect(findings.map((f) => `${f.path} ${f.id}`).sort()).toEqual([
      'TestStack/User/Resource Hardened-IAM6[AttachedPolicies]',
      'TestStack/User/Resource Hardened-IAM6[LoginProfile]',
      'TestStack/User/Resource Hardened-IAM6[ManagedPolicyArns]',
    ]);
    expect(findings.every((f) => f.severity === Severity.WARNING)).toBe(true);
    expect(findings.find((f) => f.id.endsWith('[AttachedPolicies]'))?.message).toContain('TestStack/User/DefaultPolicy/Resource');
  });

  test('passes when the user gets its permissions from a group', () => {
    const stack = newStack();
    const group = new iam.Group(stack, 'Readers', { managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')] });
    group.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    const user = new iam.User(stack, 'User');
    group.addUser(user);
    expect(idsOf(checkStack(stack), 'IAM6')).toEqual([]);
  });

  test('warns on raw inline user policies and on a UserPolicy naming the user', () => {
    const findings = checkTemplate({
      Resources: {
        User: { Type: 'AWS::IAM::User', Properties: { Policies: [{ PolicyName: 'p', PolicyDocument: READ }] } },
        Extra: { Type: 'AWS::IAM::UserPolicy', Properties: { UserName: { Ref: 'User' }, PolicyName: 'x', PolicyDocument: READ } },
      },
    });
    expect(findingsOf(findings, 'IAM6').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'User Hardened-IAM6[AttachedPolicies]',
      'User Hardened-IAM6[Policies]',
    ]);
  });

  test('warns on the policy when it attaches to a user defined outside the template', () => {
    const findings = checkTemplate({
      Parameters: { Who: { Type: 'String' }, Pick: { Type: 'String', AllowedValues: ['alice', 'bob'] } },
      Resources: {
        Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: ['carol', { Ref: 'Who' }] } },
        Managed: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: READ, Users: [{ Ref: 'Pick' }] } },
      },
    });
    expect(findingsOf(findings, 'IAM6').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'Managed Hardened-IAM6[User::alice]',
      'Managed Hardened-IAM6[User::bob]',
      'Pol Hardened-IAM6[User::${Ref.Who}]',
      'Pol Hardened-IAM6[User::carol]',
    ]);
  });

  test('judges both branches of Fn::If on the login profile', () => {
    const template = (branch: unknown) => ({
      Conditions: { Console: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { User: { Type: 'AWS::IAM::User', Properties: { LoginProfile: { 'Fn::If': ['Console', branch, { Ref: 'AWS::NoValue' }] } } } },
    });
    expect(idsOf(checkTemplate(template({ Password: '{{resolve:secretsmanager:pw}}' })), 'IAM6')).toEqual(['Hardened-IAM6[LoginProfile]']);
    expect(idsOf(checkTemplate(template({ Ref: 'AWS::NoValue' })), 'IAM6')).toEqual([]);
  });

  test('reports Unresolved when the users a policy attaches to are imported', () => {
    const findings = checkTemplate({
      Resources: { Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: { 'Fn::ImportValue': 'Users' } } } },
    });
    expect(idsOf(findings, 'IAM6')).toEqual(['Hardened-IAM6[Unresolved::Properties.Users]']);
  });

  test('reports Unresolved on the policy when a CDK imported user is named by a token', () => {
    const stack = newStack();
    const user = iam.User.fromUserName(stack, 'Imported', Fn.importValue('UserName'));
    user.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    expect(idsOf(checkStack(stack), 'IAM6')).toEqual(['Hardened-IAM6[Unresolved::Properties.Users]']);
  });

  test('warns on the policy when a CDK imported user gets a policy', () => {
    const stack = newStack();
    const user = iam.User.fromUserName(stack, 'Imported', 'deployer');
    user.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }));
    const findings = findingsOf(checkStack(stack), 'IAM6');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM6[User::deployer]']);
  });
});
