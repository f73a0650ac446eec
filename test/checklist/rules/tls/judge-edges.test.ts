// The tls family's shared judgement helpers, on a real template's resolver (`⟦specific⟧`
// holes are values the engine cannot spell but knows, `⟪unknown⟫` holes could be
// anything), and the catalog entries of TLS1, TLS2 and TLS7.
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { RuleContext } from '../../../../src/checklist/rule';
import { byResolvedName, getAttTarget, literal, not, refTarget, shallowOf, singleString, valuesOf } from '../../../../src/checklist/rules/tls/judge';
import { Severity } from '../../../../src/checklist/severity';
import { templateFromObject } from '../../../../src/checklist/template';
import { Unknown } from '../../../../src/checklist/values';

function contextOf(template: object): RuleContext {
  const model = templateFromObject(template, 'template.json');
  return {
    template: model,
    settings: undefined as never,
    variants: (v) => model.resolver.variants(v),
    items: (v) => model.resolver.items(v),
    report: () => undefined,
    unresolved: () => undefined,
  };
}

const CONDITIONS = { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };
const ctx = contextOf({ Conditions: CONDITIONS, Parameters: { Name: { Type: 'String' } }, Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } });

describe('tls judge helpers', () => {
  test('not: swaps yes and no, keeps unknown', () => {
    expect([not('yes'), not('no'), not('unknown')]).toEqual(['no', 'yes', 'unknown']);
  });

  test('valuesOf: every alternative, with AWS::NoValue and null as absent', () => {
    expect(valuesOf(ctx, undefined)).toEqual([undefined]);
    expect(valuesOf(ctx, null)).toEqual([undefined]);
    expect(valuesOf(ctx, { Ref: 'AWS::NoValue' })).toEqual([undefined]);
    expect(valuesOf(ctx, { 'Fn::If': ['Strict', 'TLSv1.2_2021', { Ref: 'AWS::NoValue' }] })).toEqual(['TLSv1.2_2021', undefined]);
    expect(valuesOf(ctx, { 'Fn::If': ['Strict', 'a', null] })).toEqual(['a', undefined]);
  });

  test('shallowOf: the top-level alternatives, children left raw, AWS::NoValue and null as absent', () => {
    const child = { Protocol: { Ref: 'Name' } };
    expect(shallowOf(ctx, undefined)).toEqual([undefined]);
    expect(shallowOf(ctx, null)).toEqual([undefined]);
    expect(shallowOf(ctx, { 'Fn::If': ['Strict', child, { Ref: 'AWS::NoValue' }] })).toEqual([child, undefined]);
    expect(shallowOf(ctx, { 'Fn::If': ['Strict', null, child] })).toEqual([undefined, child]);
  });

  test('refTarget: the logical ID of exactly one Ref to a resource', () => {
    expect(refTarget('⟦Ref.Bucket⟧')).toBe('Bucket');
    expect(refTarget('arn:⟦Ref.Bucket⟧')).toBeUndefined();
    expect(refTarget('⟦Ref.Bucket⟧/logs')).toBeUndefined();
    expect(refTarget(['⟦Ref.Bucket⟧'])).toBeUndefined();
    expect(refTarget(new Unknown('Fn::ImportValue'))).toBeUndefined();
  });

  test('getAttTarget: the logical ID of exactly one GetAtt of the given attribute', () => {
    expect(getAttTarget('⟦GetAtt.Domain.DomainNameArn⟧', 'DomainNameArn')).toBe('Domain');
    expect(getAttTarget('⟦GetAtt.Domain.RegionalDomainName⟧', 'DomainNameArn')).toBeUndefined();
    expect(getAttTarget('⟦Ref.Domain⟧', 'DomainNameArn')).toBeUndefined();
    expect(getAttTarget('arn:⟦GetAtt.Domain.DomainNameArn⟧', 'DomainNameArn')).toBeUndefined();
    expect(getAttTarget('⟦GetAtt.Domain.DomainNameArn⟧/stage', 'DomainNameArn')).toBeUndefined();
    expect(getAttTarget(['⟦GetAtt.Domain.DomainNameArn⟧'], 'DomainNameArn')).toBeUndefined();
    expect(getAttTarget(undefined, 'DomainNameArn')).toBeUndefined();
  });

  test('literal: a plain string, never one with holes or a non-string', () => {
    expect(literal('default.postgres15')).toBe('default.postgres15');
    expect(literal('⟦Ref.Group⟧')).toBeUndefined();
    expect(literal('group-⟪Ref.Name⟫')).toBeUndefined();
    expect(literal(new Unknown('Fn::ImportValue'))).toBeUndefined();
    expect(literal(42)).toBeUndefined();
  });

  test('singleString: the one string a property resolves to, else undefined', () => {
    expect(singleString(ctx, 'my-logs')).toBe('my-logs');
    expect(singleString(ctx, { Ref: 'Name' })).toBe('⟪Ref.Name⟫');
    expect(singleString(ctx, { 'Fn::If': ['Strict', 'a', 'b'] })).toBeUndefined();
    expect(singleString(ctx, { 'Fn::ImportValue': 'Name' })).toBeUndefined();
    expect(singleString(ctx, 42)).toBeUndefined();
    expect(singleString(ctx, undefined)).toBeUndefined();
  });

  test('byResolvedName: resources of a type by the one name their property resolves to, built once per template, type and property', () => {
    const c = contextOf({
      Conditions: CONDITIONS,
      Parameters: { Name: { Type: 'String' } },
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket' },
        Literal: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'my-logs' } },
        SameName: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'my-logs' } },
        Param: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Name' } } },
        ByRef: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' } } },
        EitherName: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { 'Fn::If': ['Strict', 'my-logs', 'other-logs'] } } },
        NoBucket: { Type: 'AWS::S3::BucketPolicy', Properties: {} },
        Imported: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { 'Fn::ImportValue': 'LogsBucket' } } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders' } },
      },
    });
    const policies = byResolvedName(c, 'AWS::S3::BucketPolicy', 'Bucket');
    const ids = (m: Map<string, { logicalId: string }[]>) => Object.fromEntries([...m].map(([k, rs]) => [k, rs.map((r) => r.logicalId)]));
    expect(ids(policies)).toEqual({ 'my-logs': ['Literal', 'SameName'], '⟪Ref.Name⟫': ['Param'] });
    expect(byResolvedName(c, 'AWS::S3::BucketPolicy', 'Bucket')).toBe(policies);
    expect(ids(byResolvedName(c, 'AWS::SQS::Queue', 'QueueName'))).toEqual({ orders: ['Queue'] });
    expect(ids(byResolvedName(c, 'AWS::SQS::Queue', 'FifoQueue'))).toEqual({});
  });
});

describe('TLS1, TLS2 and TLS7 in the catalog', () => {
  test('family, severity and controls from CHECKLIST.md; a title, an explanation, a fix naming the CloudFormation resources and keys, and sources', () => {
    const [tls1, tls2, tls7] = ['TLS1', 'TLS2', 'TLS7'].map((id) => RULES_BY_ID.get(id)!);
    expect([tls1, tls2, tls7].map((r) => `${r.family} ${r.id} ${r.severity} ${JSON.stringify(r.controls)}`)).toEqual([
      `tls TLS1 ${Severity.ERROR} ["S3.5"]`,
      `tls TLS2 ${Severity.WARNING} ["S3.5"]`,
      `tls TLS7 ${Severity.WARNING} []`,
    ]);
    expect([tls1, tls2, tls7].map((r) => r.resourceTypes)).toEqual([['AWS::S3::Bucket'], ['AWS::S3::Bucket'], ['AWS::SQS::Queue', 'AWS::SNS::Topic']]);
    for (const rule of [tls1, tls2, tls7]) {
      expect(rule.title).toMatch(/TLS/);
      expect(rule.explanation.length).toBeGreaterThan(40);
      expect(rule.references!.length).toBeGreaterThanOrEqual(3);
      for (const reference of rule.references!) expect(reference).toMatch(/^(https:\/\/|Counts: )/);
    }
    expect(tls1.title).toMatch(/S3 bucket/);
    expect(tls1.fix).toContain('AWS::S3::BucketPolicy');
    expect(tls1.fix).toContain('aws:SecureTransport');
    expect(tls1.fix).toContain('enforceSSL');
    expect(tls1.explanation).toContain('aws:SecureTransport');
    expect(tls2.title).toMatch(/TLS older than 1\.2/);
    expect(tls2.fix).toContain('AWS::S3::BucketPolicy');
    expect(tls2.fix).toContain('s3:TlsVersion');
    expect(tls2.fix).toContain('minimumTLSVersion');
    expect(tls2.explanation).toContain('s3:TlsVersion');
    expect(tls7.title).toMatch(/SQS queue or SNS topic/);
    expect(tls7.fix).toContain('AWS::SQS::QueuePolicy');
    expect(tls7.fix).toContain('AWS::SNS::TopicPolicy');
    expect(tls7.fix).toContain('aws:SecureTransport');
    expect(tls7.fix).toContain('enforceSSL');
    expect(tls7.explanation).toContain('aws:SecureTransport');
  });
});
