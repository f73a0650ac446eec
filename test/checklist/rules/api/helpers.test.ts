// The api family's value helpers, on resolved values: `⟦specific⟧` holes are values the
// engine cannot spell but knows (a resource's Ref), `⟪unknown⟫` holes could be anything.
import { getAttTarget, holePattern, isLiteral, isWhollyUnknown, refTarget } from '../../../../src/checklist/rules/api/helpers';
import { Unknown } from '../../../../src/checklist/values';

describe('api helpers', () => {
  test('isLiteral: a string without holes', () => {
    expect(isLiteral('POST')).toBe(true);
    expect(isLiteral('')).toBe(true);
    expect(isLiteral('⟦Ref.Api⟧')).toBe(false);
    expect(isLiteral('x-⟪Ref.P⟫')).toBe(false);
    expect(isLiteral(new Unknown('Fn::ImportValue'))).toBe(false);
    expect(isLiteral(undefined)).toBe(false);
    expect(isLiteral(42)).toBe(false);
  });

  test('isWhollyUnknown: unknown, or only unknown holes', () => {
    expect(isWhollyUnknown(new Unknown('Fn::ImportValue'))).toBe(true);
    expect(isWhollyUnknown('⟪Ref.A⟫')).toBe(true);
    expect(isWhollyUnknown('⟪Ref.A⟫⟪Ref.B⟫')).toBe(true);
    expect(isWhollyUnknown('arn:⟪Ref.A⟫')).toBe(false);
    expect(isWhollyUnknown('⟪Ref.A⟫/cdn')).toBe(false);
    expect(isWhollyUnknown('⟦Ref.Acl⟧')).toBe(false);
    expect(isWhollyUnknown('')).toBe(false);
    expect(isWhollyUnknown(undefined)).toBe(false);
    expect(isWhollyUnknown(['⟪Ref.A⟫'])).toBe(false);
  });

  test('refTarget: the logical ID of exactly one Ref', () => {
    expect(refTarget('⟦Ref.Api⟧')).toBe('Api');
    expect(refTarget('⟪Ref.ApiId⟫')).toBe('ApiId');
    expect(refTarget('⟦Ref.Lb⟧/listener')).toBeUndefined();
    expect(refTarget('arn:⟦Ref.Lb⟧')).toBeUndefined();
    expect(refTarget('⟦GetAtt.Lb.LoadBalancerArn⟧')).toBeUndefined();
    expect(refTarget(new Unknown('Fn::ImportValue'))).toBeUndefined();
    expect(refTarget(['⟦Ref.Api⟧'])).toBeUndefined();
  });

  test('getAttTarget: the logical ID of exactly one GetAtt', () => {
    expect(getAttTarget('⟦GetAtt.Lb.LoadBalancerArn⟧')).toBe('Lb');
    expect(getAttTarget('⟪GetAtt.Lookup.Outputs.Arn⟫')).toBe('Lookup');
    expect(getAttTarget('⟦GetAtt.Lb.LoadBalancerArn⟧/listener')).toBeUndefined();
    expect(getAttTarget('arn:⟦GetAtt.Lb.LoadBalancerArn⟧')).toBeUndefined();
    expect(getAttTarget('⟦GetAtt.Lb⟧')).toBeUndefined();
    expect(getAttTarget('⟦Ref.Lb⟧')).toBeUndefined();
    expect(getAttTarget('GetAtt.Lb.Arn')).toBeUndefined();
    expect(getAttTarget(undefined)).toBeUndefined();
    expect(getAttTarget(['⟦GetAtt.Lb.LoadBalancerArn⟧'])).toBeUndefined();
  });

  test('holePattern: an unknown hole matches anything, the rest only itself', () => {
    const p = holePattern('⟪Ref.Env⟫-⟦AWS.Region⟧.v1');
    expect(p.test('prod-⟦AWS.Region⟧.v1')).toBe(true);
    expect(p.test('-⟦AWS.Region⟧.v1')).toBe(true);
    expect(p.test('prod-⟦AWS.Region⟧xv1')).toBe(false);
    expect(p.test('prod-⟦AWS.AccountId⟧.v1')).toBe(false);
    expect(p.test('prod-⟦AWS.Region⟧.v1/x')).toBe(false);
    expect(holePattern('stages/⟪A⟫/⟪B⟫').test('stages/prod/v1')).toBe(true);
    expect(holePattern('stages/⟪A⟫/⟪B⟫').test('api/prod/v1')).toBe(false);
    expect(holePattern('a+b(c)').test('a+b(c)')).toBe(true);
    expect(holePattern('a+b(c)').test('aab(c)')).toBe(false);
  });
});
