// Edge cases of TLS5 found by mutation testing: each test pins one decision of the rule
// (unknown values, which behaviors reach which origins, certificates, legacy and VPC
// origins, messages) that the main tests left open.
import { Finding } from '../../../../src/checklist/engine';
import { viewerPolicyStrength } from '../../../../src/checklist/rules/tls/cloudfront-distribution';
import { checkTemplate, findingsOf } from '../../helpers';

type Props = Record<string, unknown>;

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const CERT = { AcmCertificateArn: CERT_ARN, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' };
const HTTPS_ORIGIN = { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] };
const IMPORTED = { 'Fn::ImportValue': 'Shared' };
const CONFIG = 'Properties.DistributionConfig';

const origin = (id: unknown, config: unknown) => ({ Id: id, DomainName: 'origin.example.com', CustomOriginConfig: config });
const behavior = (target: unknown, policy: unknown, extra: Props = {}) => ({ TargetOriginId: target, ViewerProtocolPolicy: policy, CachePolicyId: 'abc', ...extra });

/**
 * A template with one distribution `Dist`: HTTPS viewers with a TLSv1.2_2021 certificate and
 * an https-only origin `web`, then `overrides` merged into its DistributionConfig.
 */
function distribution(overrides: Props = {}, { parameters = [] as string[], resources = {} as Props } = {}) {
  return {
    Parameters: Object.fromEntries(parameters.map((p) => [p, p.endsWith('List') ? { Type: 'CommaDelimitedList' } : { Type: 'String' }])),
    Resources: {
      Dist: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Enabled: true,
            Aliases: ['www.example.com'],
            DefaultCacheBehavior: behavior('web', 'redirect-to-https'),
            ViewerCertificate: CERT,
            Origins: [origin('web', HTTPS_ORIGIN)],
            ...overrides,
          },
        },
      },
      ...resources,
    },
  };
}

const tls5 = (template: object): Finding[] => findingsOf(checkTemplate(template), 'TLS5');
const ids = (findings: Finding[]) => findings.map((f) => f.id).sort();
const byId = (findings: Finding[], detail: string) => findings.find((f) => f.id === `Hardened-TLS5[${detail}]`)!;
/** Whether `text` names `token` as a whole word (not inside a longer name such as TLSv1 in TLSv1.1). */
const names = (text: string, token: string) => new RegExp(`(^|[^\\w.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.])`).test(text);

describe('TLS5 edge cases: viewer security policy names', () => {
  test('surrounding spaces do not change a policy name', () => {
    expect(viewerPolicyStrength(' TLSv1.2_2021 ')).toBe('strong');
    expect(viewerPolicyStrength(' TLSv1 ')).toBe('weak');
  });

  test('later policies pass by pattern: a new major version, or versions with several digits', () => {
    for (const strong of ['TLSv2_2030', 'TLSv1.10_2030', 'TLSv10']) expect([strong, viewerPolicyStrength(strong)]).toEqual([strong, 'strong']);
  });

  test('a name that only contains a policy name is no known policy', () => {
    for (const name of ['Custom', 'Custom-SSLv3', 'MyTLSv1.2_2021', 'TLSv1.2_2021-custom']) expect([name, viewerPolicyStrength(name)]).toEqual([name, 'unknown']);
  });

  test('a MinimumProtocolVersion that is no known policy fails, naming it', () => {
    const findings = tls5(distribution({ ViewerCertificate: { ...CERT, MinimumProtocolVersion: 'CustomPolicy' } }));
    expect(ids(findings)).toEqual(['Hardened-TLS5[MinimumProtocolVersion::CustomPolicy]']);
    expect(findings[0].message).toContain('Dist');
    expect(findings[0].message).toContain('CustomPolicy');
  });

  test('a MinimumProtocolVersion that is not a policy name is unresolved', () => {
    const findings = tls5(distribution({ ViewerCertificate: { ...CERT, MinimumProtocolVersion: 1.2 } }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.ViewerCertificate.MinimumProtocolVersion]`]);
    expect(findings[0].message).toMatch(/minimum protocol version of Dist/);
  });
});

describe('TLS5 edge cases: messages name the distribution and what is wrong', () => {
  test('viewer side: allow-all on the default behavior, the default certificate, a weak or missing minimum version', () => {
    const allowAll = tls5(distribution({ DefaultCacheBehavior: behavior('web', 'allow-all') }))[0];
    expect(allowAll.message).toContain('Dist');
    expect(allowAll.message).toContain('default behavior');

    const defaultCert = tls5(distribution({ ViewerCertificate: { CloudFrontDefaultCertificate: true }, Aliases: { Ref: 'AWS::NoValue' } }))[0];
    expect(defaultCert.id).toBe('Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]');
    expect(defaultCert.message).toContain('Dist');
    expect(defaultCert.message).toContain('cloudfront.net');

    const weak = tls5(distribution({ ViewerCertificate: { ...CERT, MinimumProtocolVersion: 'TLSv1_2016' } }))[0];
    expect(weak.message).toContain('Dist');
    expect(weak.message).toContain('TLSv1_2016');

    const missing = tls5(distribution({ ViewerCertificate: { AcmCertificateArn: CERT_ARN, SslSupportMethod: 'sni-only' } }))[0];
    expect(missing.id).toBe('Hardened-TLS5[MinimumProtocolVersion::none]');
    expect(missing.message).toContain('Dist');
    expect(missing.message).toContain('MinimumProtocolVersion');
  });

  test('origin side: http-only and match-viewer name the origins, each as a separate name', () => {
    const httpOnly = { OriginProtocolPolicy: 'http-only' };
    const [finding] = tls5(distribution({ Origins: [origin('web', httpOnly), origin('api', httpOnly)] }));
    expect(finding.id).toBe('Hardened-TLS5[OriginProtocolPolicy::http-only]');
    expect(finding.message).toContain('Dist');
    expect([names(finding.message, 'web'), names(finding.message, 'api')]).toEqual([true, true]);

    const matchViewer = tls5(distribution({ DefaultCacheBehavior: behavior('web', 'allow-all'), Origins: [origin('web', { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })] }));
    const mv = byId(matchViewer, 'OriginProtocolPolicy::match-viewer');
    expect(mv.message).toContain('Dist');
    expect(names(mv.message, 'web')).toBe(true);
  });

  test('two allow-all behaviors are named separately', () => {
    const findings = tls5(distribution({ DefaultCacheBehavior: behavior('web', 'allow-all'), CacheBehaviors: [behavior('web', 'allow-all', { PathPattern: 'img' })] }));
    expect(ids(findings)).toEqual(['Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
    expect(names(findings[0].message, 'behavior')).toBe(true);
    expect(names(findings[0].message, 'img')).toBe(true);
  });

  test('origin SSL protocols: each origin with exactly its weak protocols, and why when CloudFormation chose them', () => {
    const findings = tls5(distribution({ Origins: [origin('web', { OriginProtocolPolicy: 'https-only' }), origin('api', { ...HTTPS_ORIGIN, OriginSSLProtocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] })] }));
    expect(ids(findings)).toEqual(['Hardened-TLS5[OriginSSLProtocols::SSLv3]']);
    const message = findings[0].message;
    expect(message).toContain('Dist');
    // "<origin> (<protocols>[: why])" per origin, each starting after a space.
    const parts = Object.fromEntries([...message.matchAll(/\s(\w+) \(([^)]*)\)/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(parts).sort()).toEqual(['api', 'web']);
    const [webList, webWhy] = parts.web.split(':');
    expect(webList.split(/,\s*/).sort()).toEqual(['SSLv3', 'TLSv1']);
    expect(webWhy).toContain('OriginSSLProtocols');
    expect(parts.api.split(/,\s*/)).toEqual(['TLSv1', 'TLSv1.1']);
  });
});

describe('TLS5 edge cases: configuration and behaviors', () => {
  test('a distribution configuration that cannot be known is unresolved', () => {
    const findings = tls5({ Resources: { Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: IMPORTED } } } });
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}]`]);
    expect(findings[0].message).toMatch(/configuration of Dist/);
  });

  test('a cache behavior that cannot be read is unresolved', () => {
    const findings = tls5(distribution({ CacheBehaviors: [IMPORTED] }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.CacheBehaviors]`]);
    expect(findings[0].message).toMatch(/cache behavior of Dist/);
  });

  test('a viewer protocol policy from a parameter, or missing, is unresolved, naming the behavior', () => {
    const param = tls5(distribution({ CacheBehaviors: [behavior('web', { Ref: 'Policy' }, { PathPattern: '/api/*' })] }, { parameters: ['Policy'] }));
    expect(ids(param)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.CacheBehaviors.ViewerProtocolPolicy]`]);
    expect(param[0].message).toMatch(/viewer protocol policy of behavior \/api\/\* of Dist/);

    const missing = tls5(distribution({ DefaultCacheBehavior: { TargetOriginId: 'web', CachePolicyId: 'abc' } }));
    expect(ids(missing)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.DefaultCacheBehavior.ViewerProtocolPolicy]`]);
    expect(missing[0].message).toMatch(/viewer protocol policy of the default behavior of Dist/);
  });

  test('a match-viewer origin behind a viewer policy that cannot be known is unresolved, even if another behavior to it is HTTPS', () => {
    const findings = tls5(
      distribution({
        DefaultCacheBehavior: behavior('web', IMPORTED),
        CacheBehaviors: [behavior('web', 'https-only', { PathPattern: '/secure/*' })],
        Origins: [origin('web', { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })],
      }),
    );
    expect(ids(findings)).toEqual([
      `Hardened-TLS5[Unresolved::${CONFIG}.DefaultCacheBehavior.ViewerProtocolPolicy]`,
      `Hardened-TLS5[Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginProtocolPolicy]`,
    ]);
    expect(byId(findings, `Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginProtocolPolicy`).message).toMatch(/origin web \(match-viewer\).* of Dist/);
  });

  test('an allow-all behavior to an origin stays decisive when another behavior to it cannot be known', () => {
    const findings = tls5(
      distribution({
        DefaultCacheBehavior: behavior('web', 'allow-all'),
        CacheBehaviors: [behavior('web', IMPORTED, { PathPattern: '/x/*' })],
        Origins: [origin('web', { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })],
      }),
    );
    expect(ids(findings)).toEqual([
      'Hardened-TLS5[OriginProtocolPolicy::match-viewer]',
      `Hardened-TLS5[Unresolved::${CONFIG}.CacheBehaviors.ViewerProtocolPolicy]`,
      'Hardened-TLS5[ViewerProtocolPolicy::allow-all]',
    ]);
  });

  test('an allow-all behavior whose target origin cannot be known may reach every origin', () => {
    const findings = tls5(distribution({ DefaultCacheBehavior: behavior(IMPORTED, 'allow-all'), Origins: [origin('web', { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })] }));
    expect(ids(findings)).toEqual(['Hardened-TLS5[OriginProtocolPolicy::match-viewer]', 'Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
  });

  test('an allow-all behavior reaches only the origin it targets', () => {
    const findings = tls5(
      distribution({
        DefaultCacheBehavior: behavior('web', 'allow-all'),
        CacheBehaviors: [behavior('api', 'https-only', { PathPattern: '/api/*' })],
        Origins: [origin('web', HTTPS_ORIGIN), origin('api', { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })],
      }),
    );
    expect(ids(findings)).toEqual(['Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
  });

  test('an origin Id and a target from the same parameter are the same origin', () => {
    const findings = tls5(
      distribution(
        { DefaultCacheBehavior: behavior({ Ref: 'OriginId' }, 'allow-all'), Origins: [origin({ Ref: 'OriginId' }, { ...HTTPS_ORIGIN, OriginProtocolPolicy: 'match-viewer' })] },
        { parameters: ['OriginId'] },
      ),
    );
    expect(ids(findings)).toEqual(['Hardened-TLS5[OriginProtocolPolicy::match-viewer]', 'Hardened-TLS5[ViewerProtocolPolicy::allow-all]']);
  });

  test('an origin whose Id cannot be known is named readably, without raw placeholders', () => {
    const [finding] = tls5(distribution({ Origins: [origin(IMPORTED, { OriginProtocolPolicy: 'http-only' })] }));
    expect(finding.id).toBe('Hardened-TLS5[OriginProtocolPolicy::http-only]');
    expect(finding.message).toContain('Fn::ImportValue');
    expect(finding.message).not.toMatch(/[⟦⟪]/);
  });
});

describe('TLS5 edge cases: viewer certificates', () => {
  test('a viewer certificate that cannot be read is unresolved', () => {
    const findings = tls5(distribution({ ViewerCertificate: IMPORTED }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.ViewerCertificate]`]);
    expect(findings[0].message).toMatch(/viewer certificate of Dist/);
  });

  test('an IAM server certificate is a custom certificate', () => {
    expect(tls5(distribution({ ViewerCertificate: { IamCertificateId: 'ASCAEXAMPLE', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' } }))).toEqual([]);
  });

  test('a ViewerCertificate without a certificate means the default certificate, whatever else it says', () => {
    for (const cert of [{}, { CloudFrontDefaultCertificate: false }, { CloudFrontDefaultCertificate: 'false', MinimumProtocolVersion: 'TLSv1.2_2021' }]) {
      expect([cert, ids(tls5(distribution({ ViewerCertificate: cert })))]).toEqual([cert, ['Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]']]);
    }
  });

  test('CloudFrontDefaultCertificate true means the default certificate even beside a certificate ARN; false does not', () => {
    expect(ids(tls5(distribution({ ViewerCertificate: { ...CERT, CloudFrontDefaultCertificate: 'true' } })))).toEqual([
      'Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]',
    ]);
    expect(tls5(distribution({ ViewerCertificate: { ...CERT, CloudFrontDefaultCertificate: false } }))).toEqual([]);
  });

  test('whether the default certificate is used may be unknown: unresolved', () => {
    const findings = tls5(distribution({ ViewerCertificate: { ...CERT, CloudFrontDefaultCertificate: { Ref: 'UseDefault' } } }, { parameters: ['UseDefault'] }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.ViewerCertificate.CloudFrontDefaultCertificate]`]);
    expect(findings[0].message).toMatch(/default certificate .* of Dist/);
  });
});

describe('TLS5 edge cases: origins', () => {
  test('an origin that cannot be read is unresolved', () => {
    const findings = tls5(distribution({ Origins: [IMPORTED] }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.Origins]`]);
    expect(findings[0].message).toMatch(/origin of Dist/);
  });

  test('an S3 origin has no custom origin configuration to judge', () => {
    expect(tls5(distribution({ Origins: [{ Id: 'web', DomainName: 'bucket.s3.amazonaws.com', S3OriginConfig: { OriginAccessIdentity: '' } }] }))).toEqual([]);
  });

  test('a custom origin configuration that cannot be read is unresolved, naming the origin', () => {
    const findings = tls5(distribution({ Origins: [origin('web', IMPORTED)] }));
    expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.Origins.CustomOriginConfig]`]);
    expect(findings[0].message).toMatch(/custom origin web of Dist/);
  });

  test('an origin protocol policy from a parameter, or missing, is unresolved, naming the origin', () => {
    for (const [config, parameters] of [
      [{ ...HTTPS_ORIGIN, OriginProtocolPolicy: { Ref: 'OriginPolicy' } }, ['OriginPolicy']],
      [{ OriginSSLProtocols: ['TLSv1.2'] }, []],
    ] as Array<[Props, string[]]>) {
      const findings = tls5(distribution({ Origins: [origin('web', config)] }, { parameters }));
      expect(ids(findings)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginProtocolPolicy]`]);
      expect(findings[0].message).toMatch(/origin protocol policy of web of Dist/);
    }
  });

  test('origin SSL protocols that cannot be known are unresolved; known weak entries beside them still fail', () => {
    const list = tls5(distribution({ Origins: [origin('web', { ...HTTPS_ORIGIN, OriginSSLProtocols: { Ref: 'ProtocolsList' } })] }, { parameters: ['ProtocolsList'] }));
    expect(ids(list)).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginSSLProtocols]`]);
    expect(list[0].message).toMatch(/SSL protocols of origin web of Dist/);

    const entry = tls5(distribution({ Origins: [origin('web', { ...HTTPS_ORIGIN, OriginSSLProtocols: ['TLSv1.1', IMPORTED] })] }));
    expect(ids(entry)).toEqual(['Hardened-TLS5[OriginSSLProtocols::TLSv1.1]', `Hardened-TLS5[Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginSSLProtocols]`]);
    expect(byId(entry, `Unresolved::${CONFIG}.Origins.CustomOriginConfig.OriginSSLProtocols`).message).toMatch(/SSL protocols of origin web of Dist/);
  });

  test('TLSv1 beside TLSv1.2 is weak, and spaces around a protocol do not hide it', () => {
    expect(ids(tls5(distribution({ Origins: [origin('web', { ...HTTPS_ORIGIN, OriginSSLProtocols: ['TLSv1', 'TLSv1.2'] })] })))).toEqual([
      'Hardened-TLS5[OriginSSLProtocols::TLSv1]',
    ]);
    const padded = ids(tls5(distribution({ Origins: [origin('web', { ...HTTPS_ORIGIN, OriginSSLProtocols: [' TLSv1.1 ', 'TLSv1.2'] })] })));
    expect(padded).toHaveLength(1);
    expect(padded[0]).toMatch(/^Hardened-TLS5\[OriginSSLProtocols::\s*TLSv1\.1\s*\]$/);
  });

  test('the legacy single CustomOrigin is judged like an origin', () => {
    const legacy = (custom: unknown, parameters: string[] = []) =>
      tls5(distribution({ Origins: { Ref: 'AWS::NoValue' }, DefaultCacheBehavior: behavior('legacy', 'https-only'), CustomOrigin: custom }, { parameters }));
    const base = { DNSName: 'origin.example.com', HTTPPort: 80, HTTPSPort: 443, OriginSSLProtocols: ['TLSv1.2'] };

    const httpOnly = legacy({ ...base, OriginProtocolPolicy: 'http-only' });
    expect(ids(httpOnly)).toEqual(['Hardened-TLS5[OriginProtocolPolicy::http-only]']);
    expect(names(httpOnly[0].message, 'CustomOrigin')).toBe(true);

    expect(legacy({ ...base, OriginProtocolPolicy: 'https-only' })).toEqual([]);
    expect(ids(legacy(IMPORTED))).toEqual([`Hardened-TLS5[Unresolved::${CONFIG}.CustomOrigin]`]);
    expect(ids(legacy({ ...base, OriginProtocolPolicy: { Ref: 'OriginPolicy' } }, ['OriginPolicy']))).toEqual([
      `Hardened-TLS5[Unresolved::${CONFIG}.CustomOrigin.OriginProtocolPolicy]`,
    ]);
  });
});

describe('TLS5 edge cases: VPC origins', () => {
  const vpcOrigin = (endpoint: unknown) => ({
    Type: 'AWS::CloudFront::VpcOrigin',
    Properties: { VpcOriginEndpointConfig: endpoint },
  });
  const endpoint = (props: Props) => ({ Name: 'internal', Arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/internal/1', HTTPPort: 80, HTTPSPort: 443, ...props });
  const throughVpcOrigin = (vpcOriginId: unknown, resources: Props = {}, parameters: string[] = []) =>
    tls5(
      distribution(
        { DefaultCacheBehavior: behavior('private', 'https-only'), Origins: [{ Id: 'private', DomainName: 'internal.example.com', VpcOriginConfig: { VpcOriginId: vpcOriginId } }] },
        { resources, parameters },
      ),
    );
  const ID = { 'Fn::GetAtt': ['Internal', 'Id'] };

  test('the endpoint of a VPC origin of this template is judged like a custom origin, named by the origin', () => {
    const httpOnly = throughVpcOrigin(ID, { Internal: vpcOrigin(endpoint({ OriginProtocolPolicy: 'http-only' })) });
    expect(httpOnly.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS5[OriginProtocolPolicy::http-only]', 'Dist']]);
    expect(names(httpOnly[0].message, 'private')).toBe(true);

    expect(throughVpcOrigin(ID, { Internal: vpcOrigin(endpoint({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] })) })).toEqual([]);
    expect(ids(throughVpcOrigin(ID, { Internal: vpcOrigin(endpoint({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.1', 'TLSv1.2'] })) }))).toEqual([
      'Hardened-TLS5[OriginSSLProtocols::TLSv1.1]',
    ]);
    const param = throughVpcOrigin(ID, { Internal: vpcOrigin(endpoint({ OriginProtocolPolicy: { Ref: 'OriginPolicy' } })) }, ['OriginPolicy']);
    expect(ids(param)).toEqual(['Hardened-TLS5[Unresolved::Internal.VpcOriginEndpointConfig.OriginProtocolPolicy]']);
  });

  test('an endpoint configuration that cannot be read is unresolved, not a silent pass', () => {
    const findings = throughVpcOrigin(ID, { Internal: vpcOrigin(IMPORTED) });
    expect(ids(findings)).toEqual(['Hardened-TLS5[Unresolved::Internal.VpcOriginEndpointConfig]']);
    expect(findings[0].message).toMatch(/Internal of Dist/);
  });

  test('a VPC origin defined elsewhere, or a resource that is no VPC origin, is not judged here', () => {
    expect(throughVpcOrigin(IMPORTED)).toEqual([]);
    expect(throughVpcOrigin('vo_0123456789abcdef')).toEqual([]);
    const notVpcOrigin = { Internal: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'internal' } } };
    expect(throughVpcOrigin(ID, notVpcOrigin)).toEqual([]);
  });
});
