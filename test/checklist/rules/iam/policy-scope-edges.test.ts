// Edge cases of the resource and action scoping shared by IAM2, IAM7 and SEC6 (policy-scope.ts),
// and of the messages of IAM2, IAM3, IAM7 and SEC6, found by mutation testing.
import { policyTemplate, allow } from './fixtures';
import { isWildcardOnlyAction } from '../../../../src/checklist/rules/iam/action-catalog';
import { checkTemplate, findingsOf } from '../../helpers';

const extra = {
  Parameters: { Group: { Type: 'String' }, Verb: { Type: 'String' }, RoleArn: { Type: 'String' } },
  Resources: { Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} } },
};
const run = (statements: unknown[], rule: string) => findingsOf(checkTemplate(policyTemplate(statements, extra)), rule);
const ids = (statements: unknown[], rule: string) => run(statements, rule).map((f) => f.id);
const logGroup = (name: string) => ({ 'Fn::Sub': `arn:aws:logs:us-east-1:123456789012:log-group:${name}:*` });

describe('IAM2 edge cases', () => {
  test('a log group named by a resource is specific; one named by a parameter is unresolved', () => {
    expect(ids([allow('logs:PutLogEvents', logGroup('${Logs}'))], 'IAM2')).toEqual([]);
    const unknown = run([allow('logs:PutLogEvents', logGroup('${Group}'))], 'IAM2');
    expect(unknown.map((f) => f.id)).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
    expect(unknown[0].message).toContain('log-group:');
    expect(unknown[0].message).toContain('statement 1 of the policy document of Pol');
  });

  test('a value that is not a well-formed ARN never names all resources', () => {
    expect(ids([allow('s3:GetObject', 'bucket:a:b:c:d:*')], 'IAM2')).toEqual([]);
    expect(ids([allow('s3:GetObject', 'arn:*')], 'IAM2')).toEqual([]);
  });

  test('a statement without Resource is not judged', () => {
    expect(ids([{ Effect: 'Allow', Action: 's3:GetObject' }], 'IAM2')).toEqual([]);
  });

  test('unknown actions on all resources are unresolved at Action, naming the resource value', () => {
    const findings = run([allow({ 'Fn::ImportValue': 'Actions' }, '*')], 'IAM2');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(findings[0].message).toContain('(*)');
    expect(findings[0].message).toContain('statement 1 of the policy document of Pol');
  });

  test('a service whose every action is wildcard-only is exempt as a whole', () => {
    expect(isWildcardOnlyAction('action-recommendations:*')).toBe(true);
    expect(ids([allow('action-recommendations:*', '*')], 'IAM2')).toEqual([]);
  });
});

describe('IAM3 messages', () => {
  test('name the resource and the statement', () => {
    const findings = run([{ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' }], 'IAM3');
    const message = (detail: string) => findings.find((f) => f.id === `Hardened-IAM3[${detail}]`)!.message;
    expect(message('NotAction')).toContain('Pol');
    expect(message('NotAction')).toContain('NotAction in statement 1 of the policy document');
    expect(message('NotResource')).toContain('Pol');
    expect(message('NotResource')).toContain('NotResource in statement 2 of the policy document');
  });
});

describe('IAM7 edge cases', () => {
  test('the message names the action, what it grants, the resource types and each resource once', () => {
    const [pass] = run([allow('iam:PassRole', ['*', 'arn:aws:iam::*:role/*'])], 'IAM7');
    expect(pass.id).toBe('Hardened-IAM7[Action::iam:PassRole]');
    expect(pass.message).toContain('Pol allows iam:PassRole (iam:PassRole) on every role (*, arn:aws:iam::*:role/*) in statement 1 of the policy document');
    const [all] = run([allow('iam:*', '*')], 'IAM7');
    expect(all.message).toContain('on every role/policy/user/group (*) in statement 1');
    expect(all.message).toContain('iam:PassRole, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:AttachRolePolicy and 14 more');
  });

  test('a role named specifically is not a finding at all', () => {
    expect(ids([allow('iam:PassRole', 'arn:aws:iam::123456789012:role/app-role')], 'IAM7')).toEqual([]);
    expect(ids([allow('s3:*', '*')], 'IAM7')).toEqual([]);
  });

  test('an action with an unknown part is unresolved at Action; a role ARN from a parameter at Resource', () => {
    const byAction = run([allow({ 'Fn::Sub': 'iam:${Verb}' }, '*')], 'IAM7');
    expect(byAction.map((f) => f.id)).toEqual(['Hardened-IAM7[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(byAction[0].message).toMatch(/iam:\$\{[^}]*Verb\}/);
    expect(byAction[0].message).toContain('statement 1 of the policy document of Pol');
    expect(ids([allow({ 'Fn::Sub': 's3:${Verb}' }, '*')], 'IAM7')).toEqual([]);
    expect(ids([allow('iam:PassRole', { Ref: 'RoleArn' })], 'IAM7')).toEqual(['Hardened-IAM7[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
  });
});

describe('SEC6 messages', () => {
  test('name the action, what it reads, the resources and the statement', () => {
    const [f] = run([allow('ssm:GetParameter', '*')], 'SEC6');
    expect(f.id).toBe('Hardened-SEC6[Action::ssm:GetParameter]');
    expect(f.message).toContain('Pol allows ssm:GetParameter (ssm:GetParameter) on every parameter or secret (*) in statement 1 of the policy document');
    const unknown = run([allow({ 'Fn::Sub': 'ssm:${Verb}' }, '*')], 'SEC6');
    expect(unknown.map((u) => u.id)).toEqual(['Hardened-SEC6[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(unknown[0].message).toMatch(/ssm:\$\{[^}]*Verb\}/);
    expect(unknown[0].message).toContain('statement 1 of the policy document of Pol');
  });
});
