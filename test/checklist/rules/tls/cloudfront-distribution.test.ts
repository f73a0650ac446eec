import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { viewerPolicyStrength } from '../../../../src/checklist/rules/tls/cloudfront-distribution';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

/** A raw distribution: HTTPS viewers with a TLSv1.2_2021 custom certificate and an https-only origin, then `overrides` merged into the config. */
function distribution(overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: {
      Dist: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            Aliases: ['www.example.com'],
            DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'redirect-to-https', CachePolicyId: 'abc' },
            ViewerCertificate: { AcmCertificateArn: CERT_ARN, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
            Origins: [{ Id: 'web', DomainName: 'origin.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } }],
            ...overrides,
          },
        },
      },
    },
  };
}

describe('TLS5 CloudFront distributions use TLS 1.2+ towards viewers and custom origins', () => {
  test('fails when a cloudfront.Distribution keeps the default certificate and allow-all', () => {
    const stack = newStack();
    new cloudfront.Distribution(stack, 'Dist', { defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') } });
    const findings = findingsOf(checkStack(stack), 'TLS5');
    expect(findings.map((f) => [f.id, f.path]).sort()).toEqual([
      ['Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]', 'TestStack/Dist/Resource'],
      ['Hardened-TLS5[ViewerProtocolPolicy::allow-all]', 'TestStack/Dist/Resource'],
    ]);
  });

  test('passes with a certificate, HTTPS-only viewers and the CDK defaults for origins', () => {
    const stack = newStack();
    new cloudfront.Distribution(stack, 'Dist', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    });
    expect(idsOf(checkStack(stack), 'TLS5')).toEqual([]);
  });

  test('fails when the minimum protocol version is below TLSv1.2_2018', () => {
    const stack = newStack();
    new cloudfront.Distribution(stack, 'Dist', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com'), viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY },
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2016,
    });
    expect(idsOf(checkStack(stack), 'TLS5')).toEqual(['Hardened-TLS5[MinimumProtocolVersion::TLSv1_2016]']);
  });

  test('fails when an HttpOrigin uses HTTP only or allows TLS 1.1', () => {
    const stack = newStack();
    new cloudfront.Distribution(stack, 'Dist', {
      defaultBehavior: {
        origin: new origins.HttpOrigin('a.example.com', { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      },
      additionalBehaviors: {
        '/legacy/*': {
          origin: new origins.HttpOrigin('b.example.com', { originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_1, cloudfront.OriginSslPolicy.TLS_V1_2] }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        },
      },
      domainNames: ['www.example.com'],
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
    });
    expect(idsOf(checkStack(stack), 'TLS5')).toEqual(['Hardened-TLS5[OriginProtocolPolicy::http-only]', 'Hardened-TLS5[OriginSSLProtocols::TLSv1.1]']);
  });

  test('passes on a raw hardened distribution and fails on a raw one without ViewerCertificate', () => {
    expect(idsOf(checkTemplate(distribution()), 'TLS5')).toEqual([]);
    expect(idsOf(checkTemplate(distribution({ ViewerCertificate: { Ref: 'AWS::NoValue' }, Aliases: { Ref: 'AWS::NoValue' } })), 'TLS5')).toEqual([
      'Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]',
    ]);
    expect(idsOf(checkTemplate(distribution({ ViewerCertificate: { AcmCertificateArn: CERT_ARN, SslSupportMethod: 'sni-only' } })), 'TLS5')).toEqual([
      'Hardened-TLS5[MinimumProtocolVersion::none]',
    ]);
  });

  test('fails when a cache behavior allows HTTP, naming it', () => {
    const findings = checkTemplate(distribution({ CacheBehaviors: [{ PathPattern: '/img/*', TargetOriginId: 'web', ViewerProtocolPolicy: 'allow-all' }] }));
    const tls5 = findingsOf(findings, 'TLS5');
    expect(tls5.map((f) => f.id)).toEqual(['Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
    expect(tls5[0].message).toContain('behavior /img/*');
  });

  test('fails when a custom origin has no OriginSSLProtocols (CloudFormation sends TLSv1 and SSLv3)', () => {
    const findings = checkTemplate(distribution({ Origins: [{ Id: 'web', DomainName: 'o.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only' } }] }));
    expect(idsOf(findings, 'TLS5')).toEqual(['Hardened-TLS5[OriginSSLProtocols::SSLv3]']);
  });

  test('fails on match-viewer only when an allow-all behavior lets HTTP viewers reach the origin', () => {
    const matchViewer = { Origins: [{ Id: 'web', DomainName: 'o.example.com', CustomOriginConfig: { OriginProtocolPolicy: 'match-viewer', OriginSSLProtocols: ['TLSv1.2'] } }] };
    expect(idsOf(checkTemplate(distribution(matchViewer)), 'TLS5')).toEqual([]);
    const withHttpViewers = { ...matchViewer, DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'allow-all' } };
    expect(idsOf(checkTemplate(distribution(withHttpViewers)), 'TLS5')).toEqual(['Hardened-TLS5[OriginProtocolPolicy::match-viewer]', 'Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
  });

  test('judges known and future viewer security policies', () => {
    for (const weak of ['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016']) expect([weak, viewerPolicyStrength(weak)]).toEqual([weak, 'weak']);
    for (const strong of ['TLSv1.2_2018', 'TLSv1.2_2019', 'TLSv1.2_2021', 'TLSv1.2_2025', 'TLSv1.3_2025', 'TLSv1.3_2030']) expect([strong, viewerPolicyStrength(strong)]).toEqual([strong, 'strong']);
  });

  test('judges a parameter by its AllowedValues, both branches of an Fn::If, and reports unknowns unresolved', () => {
    const withParam = (param: Record<string, unknown>) =>
      distribution(
        { ViewerCertificate: { AcmCertificateArn: CERT_ARN, SslSupportMethod: 'sni-only', MinimumProtocolVersion: { Ref: 'MinTls' } } },
        { Parameters: { MinTls: { Type: 'String', ...param } } },
      );
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['TLSv1.2_2021', 'TLSv1.2_2019'] })), 'TLS5')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['TLSv1.2_2021', 'TLSv1'] })), 'TLS5')).toEqual(['Hardened-TLS5[MinimumProtocolVersion::TLSv1]']);
    expect(idsOf(checkTemplate(withParam({})), 'TLS5')).toEqual(['Hardened-TLS5[Unresolved::Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion]']);

    const conditions = { Conditions: { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
    const ifPolicy = (other: string) => distribution({ DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: { 'Fn::If': ['Strict', 'https-only', other] } } }, conditions);
    expect(idsOf(checkTemplate(ifPolicy('redirect-to-https')), 'TLS5')).toEqual([]);
    expect(idsOf(checkTemplate(ifPolicy('allow-all')), 'TLS5')).toEqual(['Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);

    const imported = distribution({ DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: { 'Fn::ImportValue': 'ViewerPolicy' } } });
    expect(idsOf(checkTemplate(imported), 'TLS5')).toEqual(['Hardened-TLS5[Unresolved::Properties.DistributionConfig.DefaultCacheBehavior.ViewerProtocolPolicy]']);
  });
});
