import { templateFromObject } from '../../src/checklist/template';
import { holesNameValues, subPlaceholders } from '../../src/checklist/values';

describe('holesNameValues: can a resolved string identify a resource?', () => {
  test.each([
    ['a literal', 'trail-logs', true],
    ['a GetAtt of a custom resource', 'logs-⟪GetAtt.Custom.Name⟫', true],
    ['a resource Ref and the region (specific holes)', '⟦Ref.Logs⟧-⟦AWS.Region⟧', true],
    ['a pseudo parameter the engine cannot spell', 'logs-⟪AWS.NotificationARNs⟫', true],
    ['a computed selection', '⟪Fn..Select⟫', false],
    ['a hole left open', 'logs-⟪Fn..ImportValue', false],
  ])('%s', (_what, value, expected) => {
    expect(holesNameValues(value)).toBe(expected);
  });

  test('as the resolver writes them: parameters and pseudo parameters name one value, imports do not', () => {
    const template = templateFromObject({ Parameters: { Env: { Type: 'String' } }, Resources: {} }, 't.json');
    const resolved = (v: unknown) => template.resolver.variants(v) as string[];
    const [named] = resolved({ 'Fn::Sub': '${AWS::StackName}-${Env}-trail' });
    expect(named).toMatch(/^⟦.+⟧-⟪.+⟫-trail$/);
    expect(holesNameValues(named)).toBe(true);
    const [imported] = resolved({ 'Fn::Sub': ['${Env}-${Name}', { Name: { 'Fn::ImportValue': 'GroupName' } }] });
    expect(imported).toMatch(/^⟪.+⟫-⟪.+⟫$/);
    expect(holesNameValues(imported)).toBe(false);
  });
});

describe('subPlaceholders', () => {
  test('names each substitution, trimmed, attributes kept, literals and empty ones left out', () => {
    expect(subPlaceholders('arn:${AWS::Partition}:s3:::${ Name }/${Bucket.Arn}-${!Literal}-${}')).toEqual(['AWS::Partition', 'Name', 'Bucket.Arn']);
  });
});
