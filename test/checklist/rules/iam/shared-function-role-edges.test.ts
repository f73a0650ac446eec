// Edge cases of IAM9 found by mutation testing: a function counts as a user of a role
// only when its Role property is that role.
import { ROLE } from './fixtures';
import { checkTemplate, findingsOf } from '../../helpers';

function fn(role: unknown, env: Record<string, unknown> = {}) {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: { Runtime: 'python3.12', Handler: 'a.h', Code: { ZipFile: 'x' }, ...(role === undefined ? {} : { Role: role }), Environment: { Variables: env } },
  };
}

const iam9 = (resources: Record<string, unknown>) =>
  findingsOf(checkTemplate({ Conditions: { On: { 'Fn::Equals': ['a', 'b'] } }, Resources: resources }), 'IAM9');

describe('IAM9 edge cases', () => {
  test('functions that only mention the role (in environment variables) do not share it', () => {
    const mention = { SHARED_ROLE: { 'Fn::GetAtt': ['Shared', 'Arn'] }, SHARED_NAME: { Ref: 'Shared' } };
    const findings = iam9({
      Shared: ROLE,
      Other: ROLE,
      A: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
      B: fn({ 'Fn::GetAtt': ['Other', 'Arn'] }, mention),
      C: fn('arn:aws:iam::123456789012:role/elsewhere', mention),
      D: fn(undefined, mention),
    });
    expect(findings).toEqual([]);
  });

  test('an ARN built from a Ref of the role counts, and the message lists each function', () => {
    const findings = iam9({
      Shared: ROLE,
      First: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
      Second: fn({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Shared}' }),
    });
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Shared Hardened-IAM9']);
    expect(findings[0].message).toContain('Shared');
    expect(findings[0].message).toMatch(/First\W+Second/);
  });

  test('a function whose Role is imported in one branch and the shared role in the other shares it', () => {
    const findings = iam9({
      Shared: ROLE,
      A: fn({ 'Fn::GetAtt': ['Shared', 'Arn'] }),
      B: fn({ 'Fn::If': ['On', { 'Fn::ImportValue': 'RoleArn' }, { 'Fn::GetAtt': ['Shared', 'Arn'] }] }),
    });
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Shared Hardened-IAM9']);
  });
});
