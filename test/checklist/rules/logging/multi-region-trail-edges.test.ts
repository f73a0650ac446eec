import { trailProps, trailTemplate } from './fixtures';
import { checkTemplate, findingsOf } from '../../helpers';

const log1 = (t: object) => findingsOf(checkTemplate(t), 'LOG1');
const noParam = { P: { Type: 'String' } };

describe('LOG1 multi-region trail: edge cases', () => {
  test('a trail that exists only under a condition cannot be proven', () => {
    const t = trailTemplate({}, { conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } }) as any;
    t.Resources.Trail.Condition = 'C';
    const f = log1(t);
    expect(f.map((x) => x.id)).toEqual(['Hardened-LOG1[Unresolved::Condition]']);
    expect(f[0].message).toContain('Trail');
    expect(f[0].message).toContain('Condition');
  });

  test('the unresolved finding names the first property that cannot be known', () => {
    expect(log1(trailTemplate({ IsMultiRegionTrail: { Ref: 'P' } }, { parameters: noParam })).map((x) => x.id)).toEqual([
      'Hardened-LOG1[Unresolved::Properties.IsMultiRegionTrail]',
    ]);
    const f = log1(trailTemplate({ IsLogging: { Ref: 'P' } }, { parameters: noParam }));
    expect(f.map((x) => x.id)).toEqual(['Hardened-LOG1[Unresolved::Properties.IsLogging]']);
    expect(f[0].message).toContain('Properties.IsLogging');
    expect(log1(trailTemplate({ EventSelectors: { 'Fn::ImportValue': 'Selectors' } })).map((x) => x.id)).toEqual([
      'Hardened-LOG1[Unresolved::Properties.EventSelectors]',
    ]);
  });

  test('the message names only what fails, each problem readable', () => {
    const notLogging = log1(trailTemplate({ IsLogging: false }));
    expect(notLogging.map((x) => x.id)).toEqual(['Hardened-LOG1']);
    expect(notLogging[0].message).toContain('not logging');
    expect(notLogging[0].message).not.toContain('multi-region trail recording');
    expect(notLogging[0].message).not.toMatch(/Trail is not multi-region/);
    const both = log1(trailTemplate({ IsLogging: false, IsMultiRegionTrail: false }))[0].message;
    expect(both).toMatch(/is not multi-region\s+\S+\s+is not logging/);
    const events = log1(trailTemplate({ EventSelectors: [{ IncludeManagementEvents: false }] }))[0].message;
    expect(events).toContain('management events');
  });

  test('several failing trails are each named, separated', () => {
    const t = trailTemplate({ IsLogging: false }, {
      resources: { Second: { Type: 'AWS::CloudTrail::Trail', Properties: trailProps({ IsMultiRegionTrail: false }) } },
    });
    const message = log1(t)[0].message;
    expect(message).toMatch(/Trail is not logging\W+Second is not multi-region/);
  });
});
