import { MAX_VARIANTS } from '../../src/checklist/resolve';
import { templateFromObject } from '../../src/checklist/template';
import { Unknown } from '../../src/checklist/values';

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

describe('Resolver: an object whose properties have too many combinations', () => {
  /** Parameters P0..P(n-1), each with `count` allowed values. */
  const params = (n: number, count: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`P${i}`, { Type: 'String', AllowedValues: Array.from({ length: count }, (__, j) => `p${i}-${j}`) }]));
  const resolverWith = (parameters: Record<string, unknown>) =>
    templateFromObject({ Parameters: parameters, Conditions: { C: { 'Fn::Equals': ['a', 'b'] } }, Resources: { R: { Type: 'AWS::S3::Bucket' } } }, 't.json').resolver;
  const isUnknown = (v: unknown) => v instanceof Unknown;

  // 9 x 3 x 3 x 2 = 162 combinations, more than MAX_VARIANTS.
  const parameters = { Comment: { Type: 'String', AllowedValues: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] }, ...params(2, 3) };
  const logging = { 'Fn::If': ['C', { Bucket: 'logs.s3.amazonaws.com' }, { Ref: 'AWS::NoValue' }] };
  const config = { Comment: { Ref: 'Comment' }, Price: { Ref: 'P0' }, Http: { Ref: 'P1' }, Enabled: true, Logging: logging };

  test('no property is dropped: the last one, and a plain one, are in every variant or absent only by its own AWS::NoValue', () => {
    const vs = resolverWith(parameters).variants(config) as Array<Record<string, unknown>>;
    expect(vs.length).toBeGreaterThan(1);
    expect(vs.length).toBeLessThanOrEqual(MAX_VARIANTS);
    for (const v of vs) {
      expect(v.Enabled).toBe(true);
      expect(Object.keys(v).sort()).toEqual(expect.arrayContaining(['Comment', 'Enabled', 'Http', 'Price']));
    }
    // The Fn::If branch without logging is there: a rule sees the distribution without it.
    expect(vs.some((v) => !('Logging' in v))).toBe(true);
    expect(vs.some((v) => (v.Logging as any)?.Bucket === 'logs.s3.amazonaws.com')).toBe(true);
  });

  test('whatever the key order, every allowed value of every property is in some variant', () => {
    const keys = Object.keys(config);
    for (const order of [keys, [...keys].reverse(), ['Logging', 'Comment', 'Enabled', 'Http', 'Price']]) {
      const reordered = Object.fromEntries(order.map((k) => [k, (config as any)[k]]));
      const vs = resolverWith(parameters).variants(reordered) as Array<Record<string, unknown>>;
      for (let j = 1; j <= 9; j++) expect(vs.map((v) => v.Comment)).toContain(String(j));
      for (const [k, p] of [['Price', 'P0'], ['Http', 'P1']]) {
        for (let j = 0; j < 3; j++) expect(vs.map((v) => v[k])).toContain(`${p.replace('P', 'p')}-${j}`);
      }
      expect(vs.some((v) => !('Logging' in v))).toBe(true);
    }
  });

  test('the properties not combined in full are unknown in one variant, so a joint check cannot pass on an unlisted combination', () => {
    const vs = resolverWith(parameters).variants(config) as Array<Record<string, unknown>>;
    // Logging (2), Price (3) and Http (3) fit together (18); Comment (9) does not.
    const unknownOnes = vs.filter((v) => isUnknown(v.Comment));
    expect(unknownOnes).toHaveLength(1);
    expect(isUnknown(unknownOnes[0].Price)).toBe(false);
    // The properties combined in full keep every combination with each other.
    const pairs = new Set(vs.filter((v) => !isUnknown(v.Comment)).map((v) => `${v.Price}/${v.Http}/${'Logging' in v}`));
    expect(pairs.size).toBe(18);
  });

  test('a property with more alternatives than fit is unknown in every variant', () => {
    const wide = { W: { 'Fn::If': ['C', { Ref: 'P0' }, { Ref: 'P1' }] }, X: { Ref: 'P2' }, Y: { Ref: 'P3' } };
    // W has 2 x 40 = 80 alternatives (more than MAX_VARIANTS itself): the whole object is too wide.
    const vs = resolverWith(params(4, 40)).variants(wide) as Array<Record<string, unknown>>;
    expect(vs.length).toBeLessThanOrEqual(MAX_VARIANTS);
    expect(vs.every((v) => isUnknown(v.W))).toBe(true);
  });
});
