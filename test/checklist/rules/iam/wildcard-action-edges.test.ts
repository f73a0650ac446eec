// Edge cases of IAM1 (wildcard-action.ts) found by mutation testing: how each action value is
// measured, and what the findings say.
import { policyTemplate, allow } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf } from '../../helpers';

const params = { Parameters: { Kind: { Type: 'String' }, Verb: { Type: 'String' } } };
const iam1 = (action: unknown) => findingsOf(checkTemplate(policyTemplate([allow(action)], params)), 'IAM1');

describe('IAM1 edge cases', () => {
  test('"*" and "*:*" grant every action of every service; s3:* every action of s3', () => {
    for (const value of ['*', '*:*']) {
      const [f] = iam1(value);
      expect(f.id).toBe(`Hardened-IAM1[Action::${value}]`);
      expect(f.severity).toBe(Severity.ERROR);
      expect(f.message).toContain('every action of every service');
      expect(f.message).toContain('statement 1 of the policy document');
      expect(f.message).toContain('Pol');
    }
    const [s3] = iam1('s3:*');
    expect(s3.message).toContain('(every action of s3)');
  });

  test('how far a pattern reaches: repeated stars, and wildcards in the service name', () => {
    const reach = (value: string) => iam1(value).map((f) => [f.id, f.severity, /\(every action of [^)]*\)/.exec(f.message)?.[0]]);
    expect(reach('**')).toEqual([['Hardened-IAM1[Action::**]', Severity.ERROR, '(every action of every service)']]);
    expect(reach('s3:**')).toEqual([['Hardened-IAM1[Action::s3:**]', Severity.ERROR, '(every action of s3)']]);
    // Every action of every service whose name matches: ec2, ecr, ecs...
    expect(reach('ec*:*')).toEqual([['Hardened-IAM1[Action::ec*:*]', Severity.ERROR, '(every action of ec*)']]);
    expect(reach('*x:*')).toEqual([['Hardened-IAM1[Action::*x:*]', Severity.ERROR, '(every action of *x)']]);
    // One kind of action on every service is a pattern, not every action.
    expect(reach('*:Get*')).toEqual([['Hardened-IAM1[PartialWildcard::*:Get*]', Severity.WARNING, undefined]]);
  });

  test('surrounding spaces do not hide a full wildcard', () => {
    const [f] = iam1(' s3:* ');
    expect(f.severity).toBe(Severity.ERROR);
    expect(f.id.startsWith('Hardened-IAM1[Action::')).toBe(true);
  });

  test('a partial wildcard message names the pattern and the statement', () => {
    const [f] = iam1('s3:Get*');
    expect(f.id).toBe('Hardened-IAM1[PartialWildcard::s3:Get*]');
    expect(f.message).toContain('Pol allows the action pattern s3:Get* in statement 1 of the policy document');
  });

  test('a wildcard followed by an unknown part is a pattern, not the whole service', () => {
    const findings = iam1({ 'Fn::Sub': 's3:*${Kind}' });
    expect(findings.map((f) => f.id)).toEqual([expect.stringMatching(/^Hardened-IAM1\[PartialWildcard::s3:\*\$\{[^}]*Kind\}\]$/)]);
    expect(findings[0].severity).toBe(Severity.WARNING);
  });

  test('an action whose unknown part could make it a wildcard is unresolved, named in the message', () => {
    const findings = iam1({ 'Fn::Sub': 's3:${Verb}' });
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(findings[0].message).toMatch(/s3:\$\{[^}]*Verb\}/);
    expect(findings[0].message).toContain('statement 1 of the policy document of Pol');
    expect(iam1({ 'Fn::Sub': 's3:Get${Verb}Object' }).map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(iam1('s3:GetObject')).toEqual([]);
  });

  test('an action that is wholly unknown is unresolved, naming the statement and the resource', () => {
    const findings = iam1({ 'Fn::ImportValue': 'Action' });
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
    expect(findings[0].message).toContain('statement 1 of the policy document of Pol');
  });
});
