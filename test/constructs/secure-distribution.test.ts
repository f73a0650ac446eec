import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isCdkInternal } from '../../src/checklist/rules/logging/cdk-internal';
import { TrailRequirement } from '../../src/checklist/severity';
import { EdgeProtection, WebAclScope } from '../../src/constructs/edge-protection';
import { SecureBucket } from '../../src/constructs/secure-bucket';
import { SecureDistribution, SecureDistributionProps } from '../../src/constructs/secure-distribution';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const ENV = { account: '123456789012', region: 'us-east-1' };

function cdnStack(props: Partial<SecureDistributionProps> = {}, stack: Stack = newStack()): { stack: Stack; cdn: SecureDistribution } {
  const cdn = new SecureDistribution(stack, 'Cdn', {
    defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
    domainNames: ['www.example.com'],
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    ...props,
  });
  return { stack, cdn };
}

/** The DistributionConfig of the only distribution of a stack. */
function configOf(stack: Stack): any {
  const distributions = Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::Distribution')) as any[];
  expect(distributions).toHaveLength(1);
  return distributions[0].Properties.DistributionConfig;
}

describe('SecureDistribution: viewers (TLS5)', () => {
  test('serves its custom domain with the ACM certificate, SNI and minimum protocol TLSv1.2_2021', () => {
    const { stack } = cdnStack();
    expect(configOf(stack).ViewerCertificate).toEqual({ AcmCertificateArn: CERT_ARN, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  test('accepts a newer minimum protocol (TLSv1.3_2025)', () => {
    const { stack } = cdnStack({ minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_3_2025 });
    expect(configOf(stack).ViewerCertificate.MinimumProtocolVersion).toBe('TLSv1.3_2025');
  });

  test('fails with a minimum protocol below TLS 1.2, naming the prop, the value, the rule and the fix', () => {
    expect(() => cdnStack({ minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_1_2016 })).toThrow(
      /distribution TestStack\/Cdn refuses minimumProtocolVersion: TLSv1\.1_2016: it accepts TLS older than 1\.2 \(Hardened-TLS5\)\. Fix: remove minimumProtocolVersion/,
    );
  });

  test('redirects HTTP viewers to HTTPS on the default behavior', () => {
    const { stack } = cdnStack();
    expect(configOf(stack).DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  test('redirects HTTP viewers to HTTPS on additional behaviors and on addBehavior', () => {
    const { stack, cdn } = cdnStack({ additionalBehaviors: { '/api/*': { origin: new origins.HttpOrigin('api.example.com') } } });
    cdn.addBehavior('/static/*', new origins.HttpOrigin('static.example.com'));
    expect(configOf(stack).CacheBehaviors.map((b: any) => [b.PathPattern, b.ViewerProtocolPolicy])).toEqual([
      ['/api/*', 'redirect-to-https'],
      ['/static/*', 'redirect-to-https'],
    ]);
  });

  test('keeps HTTPS_ONLY when asked', () => {
    const { stack } = cdnStack({
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY },
    });
    expect(configOf(stack).DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
  });

  test('fails when a behavior allows HTTP viewers (ALLOW_ALL)', () => {
    expect(() =>
      cdnStack({ defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL } }),
    ).toThrow(/refuses defaultBehavior\.viewerProtocolPolicy: ALLOW_ALL: viewers could reach it over plain HTTP \(Hardened-TLS5\)\. Fix: remove viewerProtocolPolicy/);
  });

  test('addBehavior fails with ALLOW_ALL', () => {
    const { cdn } = cdnStack();
    expect(() =>
      cdn.addBehavior('/old/*', new origins.HttpOrigin('old.example.com'), { viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.ALLOW_ALL }),
    ).toThrow(/refuses addBehavior\('\/old\/\*'\)\.viewerProtocolPolicy: ALLOW_ALL.*\(Hardened-TLS5\)/);
  });

  test('fails without a certificate, naming the prop, the rule and the fix', () => {
    const stack = newStack();
    expect(() => new SecureDistribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') } })).toThrow(
      /distribution TestStack\/Cdn refuses to be created without certificate: CloudFront's default \*\.cloudfront\.net certificate accepts TLSv1.*\(Hardened-TLS5\)\. Fix: pass domainNames and certificate .*or allowDefaultCertificate: \{ reason \}/,
    );
  });

  test('allowDefaultCertificate serves the default certificate, acknowledging TLS5 with the reason and leaving a Hardened-TLS5 warning', () => {
    const stack = newStack();
    new SecureDistribution(stack, 'Cdn', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
      allowDefaultCertificate: { reason: 'internal preview environment, no custom domain yet' },
    });
    const tls5 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'TLS5');
    expect(tls5.map((f) => [f.id, f.acknowledged, f.acknowledgement?.reason])).toEqual([
      ['Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]', true, 'internal preview environment, no custom domain yet'],
    ]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Cdn', Match.stringLikeRegexp("uses CloudFront's default certificate.*Hardened-TLS5"));
  });
});

describe('SecureDistribution: origins (TLS5)', () => {
  test('reaches HTTP origins over HTTPS only, with TLS 1.2', () => {
    const { stack } = cdnStack();
    expect(configOf(stack).Origins[0].CustomOriginConfig).toEqual({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
  });

  test('fails synthesis with an origin reached over plain HTTP', () => {
    const { stack } = cdnStack({
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com', { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY }) },
    });
    expect(() => Template.fromStack(stack)).toThrow(/reaches origin .* over plain HTTP \(protocolPolicy: HTTP_ONLY\) \(Hardened-TLS5\)\. Fix: /);
  });

  test('fails synthesis with origin SSL protocols below TLS 1.2', () => {
    const { stack } = cdnStack({
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com', { originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_1, cloudfront.OriginSslPolicy.TLS_V1_2] }) },
    });
    expect(() => Template.fromStack(stack)).toThrow(/allows origin SSL protocols TLSv1\.1 for origin .*\(Hardened-TLS5\)\. Fix: originSslProtocols/);
  });

  test('serves an S3 bucket through origin access control', () => {
    const stack = newStack();
    const site = new SecureBucket(stack, 'Site');
    cdnStack({ defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(site) } }, stack);
    expect(configOf(stack).Origins[0].OriginAccessControlId).toBeDefined();
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'TLS5')).toEqual([]);
  });
});

describe('SecureDistribution: logging (LOG8)', () => {
  test('logs to its own log bucket with ACLs enabled (BucketOwnerPreferred), as CloudFront standard logging needs', () => {
    const { stack, cdn } = cdnStack();
    expect(configOf(stack).Logging).toEqual({ Bucket: stack.resolve(cdn.logBucket.bucketRegionalDomainName) });
    expect(cdn.logBucket).toBeInstanceOf(SecureBucket);
    const id = stack.getLogicalId(cdn.logBucket.node.defaultChild as s3.CfnBucket);
    expect(Template.fromStack(stack).toJSON().Resources[id].Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] });
  });

  test('the log bucket is private, TLS-only and access-logged (a SecureBucket next to the distribution)', () => {
    const { stack, cdn } = cdnStack();
    expect(cdn.logBucket.node.path).toBe('TestStack/CdnLogs');
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'TLS1')).toEqual([]);
  });

  test('uses the given log bucket', () => {
    const stack = newStack();
    const logs = new SecureBucket(stack, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
    const { cdn } = cdnStack({ logBucket: logs, logFilePrefix: 'cdn/' }, stack);
    expect(cdn.logBucket).toBe(logs);
    expect(configOf(stack).Logging).toEqual({ Bucket: stack.resolve(logs.bucketRegionalDomainName), Prefix: 'cdn/' });
  });

  test('fails with enableLogging: false', () => {
    expect(() => cdnStack({ enableLogging: false })).toThrow(/refuses enableLogging: false: every request to a distribution is logged \(Hardened-LOG8\)\. Fix: /);
  });
});

describe('SecureDistribution: AWS WAF (API2)', () => {
  test('in us-east-1, creates a CLOUDFRONT web ACL and names it in WebACLId', () => {
    const { stack, cdn } = cdnStack();
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    expect(configOf(stack).WebACLId).toEqual(stack.resolve(cdn.webAcl!.webAclArn));
  });

  test('in another region without webAclId, fails naming the rule and the cross-region fix', () => {
    const stack = new Stack(new App(), 'Site', { env: { ...ENV, region: 'eu-west-1' } });
    expect(() => cdnStack({}, stack)).toThrow(
      /distribution Site\/Cdn needs an AWS WAF web ACL \(Hardened-API2\), and CloudFront web ACLs can only be created in us-east-1 while this stack is in eu-west-1\. Fix: create an EdgeProtection with webAclScope: WebAclScope\.CLOUDFRONT in a stack with env \{ region: 'us-east-1' \} and crossRegionReferences: true/,
    );
  });

  test('in an environment-agnostic stack without webAclId, fails', () => {
    const stack = new Stack(new App(), 'Site');
    expect(() => cdnStack({}, stack)).toThrow(/needs an AWS WAF web ACL \(Hardened-API2\).*this stack is environment-agnostic/);
  });

  test('cross-region: a web ACL from a us-east-1 stack, passed as webAclId, protects a distribution in eu-west-1', () => {
    const app = new App();
    const edge = new Stack(app, 'Edge', { env: ENV, crossRegionReferences: true });
    const acl = new EdgeProtection(edge, 'CdnWaf', { webAclScope: WebAclScope.CLOUDFRONT });
    const site = new Stack(app, 'Site', { env: { ...ENV, region: 'eu-west-1' }, crossRegionReferences: true });
    const { cdn } = cdnStack({ webAclId: acl.webAclArn }, site);
    expect(cdn.webAcl).toBeUndefined();
    expect(configOf(site).WebACLId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ExportsReader/), expect.stringMatching(/^\/cdk\/exports\/Site\//)] });
    // The ARN is read from SSM at deployment: the checklist cannot see it, and the construct says why.
    const api2 = findingsOf(checkStack(site, { trail: TrailRequirement.OFF }), 'API2');
    expect(api2.map((f) => [f.id, f.acknowledged])).toEqual([['Hardened-API2[Unresolved::Properties.DistributionConfig.WebACLId]', true]]);
  });

  test('uses a literal webAclId as is', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234';
    const stack = new Stack(new App(), 'Site', { env: { ...ENV, region: 'eu-west-1' } });
    cdnStack({ webAclId: arn }, stack);
    expect(configOf(stack).WebACLId).toBe(arn);
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('withoutWebAcl: no web ACL, API2 acknowledged with the reason, and a Hardened-API2 warning', () => {
    const stack = new Stack(new App(), 'Site', { env: { ...ENV, region: 'eu-west-1' } });
    cdnStack({ withoutWebAcl: { reason: 'static marketing site, no dynamic content' } }, stack);
    expect(configOf(stack).WebACLId).toBeUndefined();
    const api2 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API2');
    expect(api2.map((f) => [f.id, f.acknowledged, f.acknowledgement?.reason])).toEqual([['Hardened-API2', true, 'static marketing site, no dynamic content']]);
    Annotations.fromStack(stack).hasWarning('/Site/Cdn', Match.stringLikeRegexp('without an AWS WAF web ACL.*Hardened-API2'));
  });

  test('fails with a REGIONAL webAclOptions scope', () => {
    expect(() => cdnStack({ webAclOptions: { webAclScope: WebAclScope.REGIONAL } })).toThrow(/refuses webAclOptions\.webAclScope: REGIONAL.*\(Hardened-API2\)/);
  });

  test('geo restriction is optional and passed through', () => {
    const { stack } = cdnStack({ geoRestriction: cloudfront.GeoRestriction.allowlist('DE', 'FR') });
    expect(configOf(stack).Restrictions).toEqual({ GeoRestriction: { Locations: ['DE', 'FR'], RestrictionType: 'whitelist' } });
  });
});

describe('SecureDistribution: guarantees', () => {
  test('is a cloudfront.Distribution', () => {
    const { cdn } = cdnStack();
    expect(cdn).toBeInstanceOf(cloudfront.Distribution);
  });

  test('has zero unacknowledged checklist findings with its defaults', () => {
    const { stack } = cdnStack();
    const findings = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged);
    const internal = findings.filter((f) => f.resource !== undefined && isCdkInternal(f.resource));
    expect(internal).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual([]);
  });

  test('has zero cdk-nag AwsSolutions errors with its defaults (CFR1, geo restriction, is a warning)', () => {
    const { stack } = cdnStack();
    const violations = new AwsSolutionsChecks().validateScope(stack).violations;
    expect(violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
    expect(violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-CFR1']);
  });
});
