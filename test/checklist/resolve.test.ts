import { templateFromObject } from '../../src/checklist/template';

/** A template with parameters `A` and `B` (two allowed values each), `One` (one), `Free` (none) and a list `L`. */
function resolver(extra: Record<string, unknown> = {}) {
  const parameters = {
    A: { Type: 'String', AllowedValues: ['a1', 'a2'] },
    B: { Type: 'String', AllowedValues: ['b1', 'b2'] },
    One: { Type: 'String', AllowedValues: ['only'] },
    Free: { Type: 'String' },
    L: { Type: 'CommaDelimitedList', AllowedValues: ['x', 'y'] },
    ...extra,
  };
  return templateFromObject({ Parameters: parameters, Resources: { R: { Type: 'AWS::S3::Bucket' } } }, 't.json').resolver;
}

describe('Resolver.parameterBindings and withParameters', () => {
  test('one binding per combination of the parameters with several allowed values, by Ref or in an Fn::Sub', () => {
    expect(resolver().parameterBindings({ 'Fn::Join': ['-', [{ Ref: 'A' }, { 'Fn::Sub': '${B}-${One}-${Free}-${R}' }]] })).toEqual([
      { A: 'a1', B: 'b1' },
      { A: 'a1', B: 'b2' },
      { A: 'a2', B: 'b1' },
      { A: 'a2', B: 'b2' },
    ]);
  });

  test('none for a value without such a parameter: literals, a single allowed value, no AllowedValues, a list, a resource', () => {
    const r = resolver();
    for (const v of ['name', { Ref: 'One' }, { Ref: 'Free' }, { Ref: 'L' }, { Ref: 'R' }, { 'Fn::Sub': '${R.Arn}-${!A}' }]) {
      expect(r.parameterBindings(v)).toEqual([]);
    }
  });

  test('an Fn::Sub variable of its own shadows the parameter of the same name', () => {
    expect(resolver().parameterBindings({ 'Fn::Sub': ['${A}', { A: 'fixed' }] })).toEqual([]);
    expect(resolver().parameterBindings({ 'Fn::Sub': ['${A}', { A: { Ref: 'B' } }] })).toEqual([{ B: 'b1' }, { B: 'b2' }]);
  });

  test('too many combinations give none (the caller judges all values at once, as before)', () => {
    const many = Object.fromEntries(['C', 'D', 'E', 'F'].map((n) => [n, { Type: 'String', AllowedValues: ['1', '2', '3'] }]));
    const value = { 'Fn::Sub': '${C}${D}${E}${F}' };
    expect(resolver(many).parameterBindings(value)).toEqual([]);
    expect(resolver(many).parameterBindings(value, 81)).toHaveLength(81);
  });

  test('a bound resolver gives a parameter its one value everywhere, and leaves the others open', () => {
    const bound = resolver().withParameters({ A: 'a2' });
    expect(bound.variants({ 'Fn::Sub': '${A}/${A}' })).toEqual(['a2/a2']);
    expect(bound.variants({ Ref: 'B' })).toEqual(['b1', 'b2']);
    expect(resolver().variants({ 'Fn::Sub': '${A}/${A}' })).toHaveLength(4);
  });
});
