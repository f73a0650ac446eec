// Edge cases of IAM4 found by mutation testing: each test pins one decision of the
// attachment judge that the main tests left open.
import { ROLE } from './fixtures';
import { checkTemplate, checkTree, findingsOf, newStack, unrenderableRole } from '../../helpers';

const PARAMS = { Parameters: { Name: { Type: 'String' }, Account: { Type: 'String' }, Prefix: { Type: 'String' } } };

/** The IAM4 findings (`<logicalId> <id>`) of a role attaching `arns`. */
function iam4(arns: unknown[]): string[] {
  const template = { ...PARAMS, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { ...ROLE.Properties, ManagedPolicyArns: arns } } } };
  return findingsOf(checkTemplate(template), 'IAM4')
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();
}

const sub = (s: string) => ({ 'Fn::Sub': s });
const UNRESOLVED = 'Role Hardened-IAM4[Unresolved::Properties.ManagedPolicyArns]';

describe('IAM4 edge cases', () => {
  test('a truncated ARN passes when fully known, is unresolved when a parameter could complete it', () => {
    expect(iam4(['arn:aws:iam::aws'])).toEqual([]);
    // `${Name}` could be `aws:policy/AdministratorAccess`.
    expect(iam4([sub('arn:aws:iam::${Name}')])).toEqual([UNRESOLVED]);
  });

  test('an ARN that is not a policy passes, even when its name looks admin-level', () => {
    expect(iam4(['arn:aws:iam::aws:role/AdministratorAccess'])).toEqual([]);
    expect(iam4(['arn:aws:iam::123456789012:role/PowerUserAccess'])).toEqual([]);
  });

  test('an ARN whose resource part is a parameter is unresolved unless the account rules out AWS', () => {
    expect(iam4([sub('arn:aws:iam::aws:${Name}')])).toEqual([UNRESOLVED]);
    expect(iam4([sub('arn:aws:iam::${Account}:${Name}')])).toEqual([UNRESOLVED]);
    expect(iam4([sub('arn:aws:iam::123456789012:${Name}')])).toEqual([]);
  });

  test('an admin-level name in an account that is a parameter is unresolved (the account could be aws)', () => {
    expect(iam4([sub('arn:aws:iam::${Account}:policy/AdministratorAccess')])).toEqual([UNRESOLVED]);
    expect(iam4([sub('arn:aws:iam::${Account}:policy/ReadOnlyAccess')])).toEqual([]);
  });

  test('a value that starts with a parameter is unresolved, whatever name follows', () => {
    // `${Prefix}` could be an AWS managed (admin) or a customer managed policy path.
    expect(iam4([sub('${Prefix}/AdministratorAccess')])).toEqual([UNRESOLVED]);
    expect(iam4([sub('${Prefix}/ReadOnlyAccess')])).toEqual([UNRESOLVED]);
  });

  test('service-role policies are not admin-level, at any depth of the path', () => {
    expect(iam4(['arn:aws:iam::aws:policy/service-role/ExampleFullAccess'])).toEqual([]);
    expect(iam4(['arn:aws:iam::aws:policy/team/aws-service-role/ExampleFullAccess'])).toEqual([]);
    expect(iam4(['arn:aws:iam::aws:policy/job-function/ExampleFullAccess'])).toEqual(['Role Hardened-IAM4[ManagedPolicy::ExampleFullAccess]']);
  });

  test('messages name the resource, the policy and its ARN', () => {
    const template = {
      ...PARAMS,
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { ...ROLE.Properties, ManagedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess', sub('arn:aws:iam::${Account}:policy/AdministratorAccess')] },
        },
      },
    };
    const findings = findingsOf(checkTemplate(template), 'IAM4');
    const admin = findings.find((f) => f.id === 'Hardened-IAM4[ManagedPolicy::PowerUserAccess]');
    expect(admin?.message).toContain('Role');
    expect(admin?.message).toContain('arn:aws:iam::aws:policy/PowerUserAccess');
    const unresolved = findings.find((f) => f.id.includes('Unresolved'));
    expect(unresolved?.message).toMatch(/arn:aws:iam::\$\{[\w.]*Account\}:policy\/AdministratorAccess attached to Role/);
  });

  test('a role whose properties cannot be rendered is unresolved', () => {
    const stack = newStack();
    unrenderableRole(stack);
    const findings = findingsOf(checkTree(stack), 'IAM4');
    expect(findings.map((f) => f.id)).toContain('Hardened-IAM4[Unresolved::Properties]');
    expect(findings.find((f) => f.id === 'Hardened-IAM4[Unresolved::Properties]')?.message).toContain('TestStack/Broken');
  });
});
