// Edge cases of IAM8 found by mutation testing: each test pins one decision that the
// main tests left open.
import { checkTemplate, checkTree, findingsOf, newStack, unrenderableRole } from '../../helpers';

function trust(statement: Record<string, unknown>) {
  return findingsOf(
    checkTemplate({
      Parameters: { Trusted: { Type: 'String' } },
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] } },
        },
      },
    }),
    'IAM8',
  );
}

const ids = (statement: Record<string, unknown>) => trust(statement).map((f) => f.id);

const OPEN = 'Hardened-IAM8[Principal::*]';
const CONDITION = 'Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument.Statement.0.Condition]';
const imported = { 'Fn::ImportValue': 'Shared' };

describe('IAM8 edge cases', () => {
  test('a list of principals holding * is everyone, whatever else it lists', () => {
    expect(ids({ Principal: { AWS: ['*', '123456789012'] } })).toEqual([OPEN]);
    expect(ids({ Principal: { AWS: ['*', { Ref: 'Trusted' }] } })).toEqual([OPEN]);
    expect(ids({ Principal: { AWS: [' * '] } })).toEqual([OPEN]);
  });

  test('a numeric account principal is not everyone', () => {
    expect(ids({ Principal: { AWS: 123456789012 } })).toEqual([]);
  });

  test('Null and ForAllValues: operators do not restrict; ForAnyValue: does', () => {
    expect(ids({ Principal: '*', Condition: { Null: { 'aws:PrincipalOrgID': 'false' } } })).toEqual([OPEN]);
    expect(ids({ Principal: '*', Condition: { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': ['o-1/*'] } } })).toEqual([OPEN]);
    expect(ids({ Principal: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-1/*'] } } })).toEqual([]);
  });

  test('a malformed Condition that is not an object restricts nothing', () => {
    expect(ids({ Principal: '*', Condition: 'aws:PrincipalOrgID' })).toEqual([OPEN]);
  });

  test('one restricting key in a block restricts, next to other keys', () => {
    expect(ids({ Principal: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1', 'aws:PrincipalOrgID': 'o-1' } } })).toEqual([]);
  });

  test('an operator block that cannot be read is unresolved, unless another block restricts', () => {
    expect(ids({ Principal: '*', Condition: { StringEquals: imported } })).toEqual([CONDITION]);
    expect(ids({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' }, StringLike: imported } })).toEqual([]);
    expect(ids({ Principal: '*', Condition: { StringLike: imported, StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })).toEqual([]);
  });

  test('NotPrincipal: a restricting condition passes, an unreadable one is unresolved', () => {
    const notPrincipal = { NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } };
    expect(ids({ ...notPrincipal, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } })).toEqual([]);
    const findings = trust({ ...notPrincipal, Condition: imported });
    expect(findings.map((f) => f.id)).toEqual([CONDITION]);
    expect(findings[0].message).toMatch(/condition of .*Role/);
  });

  test('messages name the role and the principal', () => {
    const open = trust({ Principal: { AWS: '*' } });
    expect(open[0].message).toContain('Role');
    expect(open[0].message).toContain('*');
    const not = trust({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } });
    expect(not[0].message).toContain('Role');
    expect(not[0].message).toContain('arn:aws:iam::123456789012:root');
    const unknown = trust({ Principal: { AWS: { Ref: 'Trusted' } } });
    expect(unknown[0].message).toMatch(/assume Role/);
  });

  test('a role whose properties cannot be rendered is unresolved', () => {
    const stack = newStack();
    unrenderableRole(stack);
    const findings = findingsOf(checkTree(stack), 'IAM8');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM8[Unresolved::Properties]']);
    expect(findings[0].message).toContain('TestStack/Broken');
  });
});
