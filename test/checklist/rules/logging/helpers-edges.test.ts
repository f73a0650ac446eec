import {
  boolIs, bucketsByName, field, getAttTarget, managementEvents, namedResource, refTarget, stringIsSet,
} from '../../../../src/checklist/rules/logging/helpers';
import { templateFromObject } from '../../../../src/checklist/template';
import { Unknown } from '../../../../src/checklist/values';

const IMPORT = { 'Fn::ImportValue': 'Elsewhere' };

/** The management events a trail with these properties records. */
function mgmt(props: Record<string, unknown>, parameters: Record<string, unknown> = {}) {
  const t = templateFromObject({
    Parameters: { P: { Type: 'String' }, ...parameters },
    Resources: { Trail: { Type: 'AWS::CloudTrail::Trail', Properties: props }, Other: { Type: 'AWS::SNS::Topic' } },
  }, 'template.json');
  return managementEvents(t.resource('Trail')!);
}
const basic = (sel: unknown) => mgmt({ EventSelectors: [sel] });
const advanced = (...fieldSelectors: unknown[]) => mgmt({ AdvancedEventSelectors: [{ FieldSelectors: fieldSelectors }] });
const MANAGEMENT = { Field: 'eventCategory', Equals: ['Management'] };

describe('logging helpers: resolved values', () => {
  test('boolIs: absent follows absentMeans, unknown stays unknown', () => {
    expect(boolIs(undefined)).toBe('no');
    expect(boolIs(undefined, true)).toBe('yes');
    expect(boolIs(null, true)).toBe('yes');
    expect(boolIs('true')).toBe('yes');
    expect(boolIs(false, true)).toBe('no');
    expect(boolIs(new Unknown('x'))).toBe('unknown');
  });

  test('stringIsSet: absent or blank is no, holes alone or non-strings are unknown, text is yes', () => {
    expect(stringIsSet(undefined)).toBe('no');
    expect(stringIsSet('   ')).toBe('no');
    expect(stringIsSet(new Unknown('x'))).toBe('unknown');
    expect(stringIsSet(42)).toBe('unknown');
    expect(stringIsSet('⟪Ref.P⟫')).toBe('unknown');
    expect(stringIsSet('arn:aws:kms:us-east-1:123456789012:key/⟪Ref.P⟫')).toBe('yes');
    expect(stringIsSet('arn:aws:logs:us-east-1:123456789012:log-group:x')).toBe('yes');
  });

  test('refTarget and getAttTarget name only an exact Ref or GetAtt', () => {
    expect(refTarget('⟦Ref.Bucket⟧')).toBe('Bucket');
    expect(refTarget('x⟦Ref.Bucket⟧')).toBeUndefined();
    expect(refTarget(42)).toBeUndefined();
    expect(getAttTarget('⟦GetAtt.Group.Arn⟧')).toEqual({ id: 'Group', attribute: 'Arn' });
    expect(getAttTarget({})).toBeUndefined();
  });

  test('namedResource returns the resource only when it exists and has the type asked', () => {
    const t = templateFromObject({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }, 'template.json');
    expect(namedResource(t, '⟦Ref.Topic⟧', 'AWS::SNS::Topic')?.logicalId).toBe('Topic');
    expect(namedResource(t, '⟦GetAtt.Topic.Arn⟧', 'AWS::SNS::Topic')?.logicalId).toBe('Topic');
    expect(namedResource(t, '⟦Ref.Topic⟧', 'AWS::S3::Bucket')).toBeUndefined();
    expect(namedResource(t, '⟦Ref.Missing⟧', 'AWS::SNS::Topic')).toBeUndefined();
    expect(namedResource(t, 'literal', 'AWS::SNS::Topic')).toBeUndefined();
  });

  test('field reads nested keys, keeps an unknown as unknown, and is undefined through non-objects', () => {
    expect(field({ a: { b: 1 } }, 'a', 'b')).toBe(1);
    const u = new Unknown('x');
    expect(field({ a: u }, 'a', 'b')).toBe(u);
    expect(field({ a: 'text' }, 'a', 'b')).toBeUndefined();
  });

  test('bucketsByName indexes only literal bucket names', () => {
    const t = templateFromObject({
      Parameters: { P: { Type: 'String' } },
      Resources: {
        Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'logs-bucket' } },
        Param: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'P' } } },
        Unnamed: { Type: 'AWS::S3::Bucket', Properties: {} },
      },
    }, 'template.json');
    const map = bucketsByName(t);
    expect([...map.keys()]).toEqual(['logs-bucket']);
    expect(map.get('logs-bucket')?.logicalId).toBe('Named');
  });
});

describe('logging helpers: managementEvents', () => {
  test('no selectors record all management events', () => {
    expect(mgmt({})).toEqual({ all: 'yes', any: 'yes' });
  });

  test('unknown selectors are unknown', () => {
    expect(mgmt({ EventSelectors: IMPORT })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(mgmt({ AdvancedEventSelectors: IMPORT })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(mgmt({ EventSelectors: [IMPORT] })).toEqual({ all: 'unknown', any: 'unknown' });
  });

  test('basic selectors: ReadWriteType absent or All records all; ReadOnly or WriteOnly only some', () => {
    expect(basic({})).toEqual({ all: 'yes', any: 'yes' });
    expect(basic({ ReadWriteType: 'All' })).toEqual({ all: 'yes', any: 'yes' });
    expect(basic({ ReadWriteType: 'ReadOnly' })).toEqual({ all: 'no', any: 'yes' });
    expect(basic({ ReadWriteType: 'WriteOnly' })).toEqual({ all: 'no', any: 'yes' });
    expect(mgmt({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] })).toEqual({ all: 'yes', any: 'yes' });
  });

  test('basic selectors: IncludeManagementEvents false records none; a non-object selector records none', () => {
    expect(basic({ IncludeManagementEvents: false })).toEqual({ all: 'no', any: 'no' });
    expect(basic('junk')).toEqual({ all: 'no', any: 'no' });
  });

  test('basic selectors: an unknown ReadWriteType is unknown', () => {
    expect(basic({ ReadWriteType: { Ref: 'P' } })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(basic({ ReadWriteType: { 'Fn::GetAtt': ['Other', 'Mode'] } })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(basic({ ReadWriteType: IMPORT })).toEqual({ all: 'unknown', any: 'unknown' });
  });

  test('basic selectors: ReadWriteType from a parameter is judged per allowed value', () => {
    const ro = mgmt({ EventSelectors: [{ ReadWriteType: { Ref: 'M' } }] }, { M: { Type: 'String', AllowedValues: ['All', 'ReadOnly'] } });
    expect(ro).toEqual({ all: 'no', any: 'yes' });
  });

  test('basic selectors: excluded event sources do not record all', () => {
    expect(basic({ ExcludeManagementEventSources: ['kms.amazonaws.com'] })).toEqual({ all: 'no', any: 'yes' });
    expect(basic({ ExcludeManagementEventSources: [] })).toEqual({ all: 'yes', any: 'yes' });
    expect(basic({ ExcludeManagementEventSources: IMPORT })).toEqual({ all: 'unknown', any: 'yes' });
  });

  test('advanced selectors: Management category records all; another category records none', () => {
    expect(advanced(MANAGEMENT)).toEqual({ all: 'yes', any: 'yes' });
    expect(advanced({ Field: 'eventCategory', Equals: ['Data'] })).toEqual({ all: 'no', any: 'no' });
    expect(mgmt({ AdvancedEventSelectors: ['junk'] })).toEqual({ all: 'no', any: 'no' });
  });

  test('advanced selectors: readOnly Equals and NotEquals narrow to read or write (any case)', () => {
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: ['true'] })).toEqual({ all: 'no', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: ['TRUE'] })).toEqual({ all: 'no', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: ['False'] })).toEqual({ all: 'no', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: ['true', 'false'] })).toEqual({ all: 'yes', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: [] })).toEqual({ all: 'yes', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', NotEquals: ['TRUE'] })).toEqual({ all: 'no', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', NotEquals: ['false'] })).toEqual({ all: 'no', any: 'yes' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', NotEquals: ['true', 'false'] })).toEqual({ all: 'no', any: 'no' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', Equals: ['true'] }, { Field: 'readOnly', NotEquals: ['true'] }))
      .toEqual({ all: 'no', any: 'no' });
  });

  test('advanced selectors: any other field narrows what is recorded', () => {
    expect(advanced(MANAGEMENT, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] })).toEqual({ all: 'no', any: 'yes' });
  });

  test('advanced selectors: unknown parts are unknown', () => {
    expect(mgmt({ AdvancedEventSelectors: [{ FieldSelectors: IMPORT }] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced(MANAGEMENT, IMPORT)).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced(MANAGEMENT, 'junk')).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: { Ref: 'P' }, Equals: ['Management'] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: 42, Equals: ['Management'] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: 'eventCategory', Equals: IMPORT })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: 'eventCategory', Equals: ['Management', { Ref: 'P' }] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: 'eventCategory', Equals: ['Management', { 'Fn::GetAtt': ['Other', 'X'] }] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced({ Field: 'eventCategory', Equals: ['Management', IMPORT] })).toEqual({ all: 'unknown', any: 'unknown' });
    expect(advanced(MANAGEMENT, { Field: 'readOnly', NotEquals: IMPORT })).toEqual({ all: 'unknown', any: 'unknown' });
  });

  test('advanced selectors replace basic ones; one recording alternative is enough for any', () => {
    expect(mgmt({ AdvancedEventSelectors: [{ FieldSelectors: [MANAGEMENT] }], EventSelectors: [{ IncludeManagementEvents: false }] }))
      .toEqual({ all: 'yes', any: 'yes' });
    expect(mgmt({ AdvancedEventSelectors: [{ FieldSelectors: [MANAGEMENT] }], EventSelectors: IMPORT }))
      .toEqual({ all: 'unknown', any: 'unknown' });
  });
});
