import { trailTemplate } from './fixtures';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const ALL_BLOCKED = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const LOGGED = { DestinationBucketName: 'access-logs' };

function withBucket(properties: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const t = trailTemplate(overrides) as any;
  t.Resources.Bucket.Properties = properties;
  return t;
}
const log5 = (t: object) => findingsOf(checkTemplate(t), 'LOG5');

describe('LOG5 trail bucket: edge cases', () => {
  test('a bucket without a public access block configuration (S3 default: all blocked) and with logging passes', () => {
    expect(idsOf(checkTemplate(withBucket({ LoggingConfiguration: LOGGED })), 'LOG5')).toEqual([]);
  });

  test('an unknown or malformed public access block is unresolved on the bucket, naming bucket and trail', () => {
    for (const pab of [{ 'Fn::ImportValue': 'Pab' }, 'all']) {
      const f = log5(withBucket({ PublicAccessBlockConfiguration: pab, LoggingConfiguration: LOGGED }));
      expect(f.map((x) => x.id)).toEqual(['Hardened-LOG5[Unresolved::Properties.PublicAccessBlockConfiguration]']);
      expect(f[0].logicalId).toBe('Bucket');
      expect(f[0].message).toContain('Bucket');
      expect(f[0].message).toContain('Trail');
    }
  });

  test('an unknown or malformed logging configuration is unresolved on the bucket, naming bucket and trail', () => {
    for (const logging of [{ 'Fn::ImportValue': 'Logging' }, 'on']) {
      const f = log5(withBucket({ PublicAccessBlockConfiguration: ALL_BLOCKED, LoggingConfiguration: logging }));
      expect(f.map((x) => x.id)).toEqual(['Hardened-LOG5[Unresolved::Properties.LoggingConfiguration]']);
      expect(f[0].logicalId).toBe('Bucket');
      expect(f[0].message).toContain('Bucket');
      expect(f[0].message).toContain('Trail');
    }
  });

  test('the access logging finding names the bucket, the trail and LoggingConfiguration', () => {
    const f = log5(withBucket({ PublicAccessBlockConfiguration: ALL_BLOCKED }));
    expect(f.map((x) => x.id)).toEqual(['Hardened-LOG5[AccessLogging::off]']);
    expect(f[0].message).toContain('Bucket');
    expect(f[0].message).toContain('Trail');
    expect(f[0].message).toContain('LoggingConfiguration');
  });

  test('a trail without S3BucketName has nothing to judge', () => {
    const t = trailTemplate() as any;
    delete t.Resources.Trail.Properties.S3BucketName;
    expect(idsOf(checkTemplate(t), 'LOG5')).toEqual([]);
  });

  test('a bucket name that is not in the template is unresolved on the trail, naming the bucket', () => {
    const f = log5(trailTemplate({ S3BucketName: 'elsewhere-logs' }));
    expect(f.map((x) => x.id)).toEqual(['Hardened-LOG5[Unresolved::Properties.S3BucketName]']);
    expect(f[0].logicalId).toBe('Trail');
    expect(f[0].message).toContain('elsewhere-logs');
    expect(f[0].message).toContain('Trail');
  });

  test('an imported bucket name is unresolved on the trail, naming the trail', () => {
    const f = log5(trailTemplate({ S3BucketName: { 'Fn::ImportValue': 'TrailBucketName' } }));
    expect(f.map((x) => x.id)).toEqual(['Hardened-LOG5[Unresolved::Properties.S3BucketName]']);
    expect(f[0].logicalId).toBe('Trail');
    expect(f[0].message).toContain('Trail');
  });
});
