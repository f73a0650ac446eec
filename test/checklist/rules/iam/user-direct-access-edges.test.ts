// Edge cases of IAM6 found by mutation testing: each test pins one decision that the
// main tests left open.
import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ROLE } from './fixtures';
import { checkTemplate, checkTree, findingsOf, newStack } from '../../helpers';

const READ = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] };

function iam6(resources: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return findingsOf(checkTemplate({ Conditions: { On: { 'Fn::Equals': ['a', 'b'] } }, ...extra, Resources: resources }), 'IAM6');
}

const ids = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  iam6(resources, extra)
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();

const user = (props: Record<string, unknown> = {}) => ({ Type: 'AWS::IAM::User', Properties: props });

describe('IAM6 edge cases', () => {
  test('empty or absent policy lists and login profiles are no finding', () => {
    expect(ids({ User: user({ Policies: [], ManagedPolicyArns: [], LoginProfile: { Ref: 'AWS::NoValue' } }) })).toEqual([]);
    expect(
      ids({
        User: user({
          Policies: { 'Fn::If': ['On', [], { Ref: 'AWS::NoValue' }] },
          ManagedPolicyArns: { 'Fn::If': ['On', { Ref: 'AWS::NoValue' }, []] },
          LoginProfile: { 'Fn::If': ['On', { Ref: 'AWS::NoValue' }, { Ref: 'AWS::NoValue' }] },
        }),
      }),
    ).toEqual([]);
  });

  test('a policy that only mentions the user in its statements is not attached to the user', () => {
    expect(
      ids({
        User: user(),
        Role: ROLE,
        Pol: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: 'p', Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: { 'Fn::GetAtt': ['User', 'Arn'] } }] } },
        },
        Other: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyName: 'o', Users: ['carol'], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: { 'Fn::GetAtt': ['User', 'Arn'] } }] } },
        },
      }),
    ).toEqual(['Other Hardened-IAM6[User::carol]']);
  });

  test('a policy that attaches to the user and to another user reports the user and names the outside one', () => {
    expect(
      ids({
        User: user(),
        Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: ['carol', { Ref: 'User' }] } },
      }),
    ).toEqual(['Pol Hardened-IAM6[User::carol]', 'User Hardened-IAM6[AttachedPolicies]']);
  });

  test('a UserPolicy naming a user outside the template warns on the policy', () => {
    const findings = iam6({ Extra: { Type: 'AWS::IAM::UserPolicy', Properties: { UserName: 'carol', PolicyName: 'x', PolicyDocument: READ } } });
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Extra Hardened-IAM6[User::carol]']);
    expect(findings[0].message).toContain('Extra');
    expect(findings[0].message).toContain('carol');
  });

  test('a Ref to a resource that is not an IAM user of the template is reported on the policy', () => {
    expect(
      ids({
        Lookup: { Type: 'Custom::UserName', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f' } },
        Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: [{ Ref: 'Lookup' }] } },
      }),
    ).toEqual(['Pol Hardened-IAM6[User::${Ref.Lookup}]']);
    // A group listed under Users by mistake is no user of the template either.
    expect(
      ids({
        Team: { Type: 'AWS::IAM::Group' },
        Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: [{ Ref: 'Team' }] } },
      }),
    ).toEqual(['Pol Hardened-IAM6[User::${Ref.Team}]']);
  });

  test('messages name the user and what is attached', () => {
    const findings = iam6({
      User: user({
        Policies: [{ PolicyName: 'p', PolicyDocument: READ }],
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
        LoginProfile: { Password: '{{resolve:secretsmanager:pw}}' },
      }),
      First: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'a', PolicyDocument: READ, Users: [{ Ref: 'User' }] } },
      Second: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: READ, Users: [{ Ref: 'User' }] } },
    });
    const message = (detail: string) => findings.find((f) => f.id === `Hardened-IAM6[${detail}]`)?.message ?? '';
    for (const detail of ['Policies', 'ManagedPolicyArns', 'AttachedPolicies', 'LoginProfile']) expect(message(detail)).toContain('User');
    expect(message('Policies')).toMatch(/inline polic/);
    expect(message('ManagedPolicyArns')).toMatch(/managed polic/);
    // Both attaching policies are named, each on its own.
    expect(message('AttachedPolicies')).toMatch(/First\W+Second/);
    expect(message('LoginProfile')).toContain('LoginProfile');
  });

  test('an unresolved attachment names the policy', () => {
    const findings = iam6({ Pol: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'p', PolicyDocument: READ, Users: { 'Fn::ImportValue': 'Users' } } } });
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM6[Unresolved::Properties.Users]']);
    expect(findings[0].message).toMatch(/users Pol attaches to/);
  });

  test('a user whose properties cannot be rendered is unresolved', () => {
    const stack = newStack();
    const boom = Lazy.string({
      produce: () => {
        throw new Error('cannot render');
      },
    });
    new iam.CfnUser(stack, 'Broken', { userName: boom });
    const findings = findingsOf(checkTree(stack), 'IAM6');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM6[Unresolved::Properties]']);
    expect(findings[0].message).toContain('TestStack/Broken');
  });
});
