// TLS4 and TLS5 as catalogued (RULES.md is generated from these entries) and as their
// findings carry them: family, severity and controls from CHECKLIST.md, title, why, fix and sources.
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf } from '../../helpers';

describe('TLS4 and TLS5 catalog entries', () => {
  test('family, severity, controls, title, explanation, fix and references', () => {
    const template = {
      Resources: {
        Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: 'arn:lb', Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }] } },
        Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: 'web', ViewerProtocolPolicy: 'allow-all' } } } },
      },
    };
    const findings = checkTemplate(template);
    const expected = {
      TLS4: { controls: ['ELB.1', 'ELB.17', 'ELB.18'], title: /TLS 1\.2/, fix: ['SslPolicy', 'RedirectConfig', 'sslPolicy'] },
      TLS5: {
        controls: ['CloudFront.3', 'CloudFront.9', 'CloudFront.10', 'CloudFront.15'],
        title: /TLS 1\.2/,
        fix: ['ViewerProtocolPolicy', 'MinimumProtocolVersion', 'OriginProtocolPolicy', 'OriginSSLProtocols'],
      },
    };
    for (const [id, want] of Object.entries(expected)) {
      const rule = RULES_BY_ID.get(id)!;
      expect([id, rule.family, rule.severity, rule.controls]).toEqual([id, 'tls', Severity.ERROR, want.controls]);
      expect(rule.title).toMatch(want.title);
      expect(rule.explanation.length).toBeGreaterThan(0);
      for (const property of want.fix) expect([id, property, rule.fix.includes(property)]).toEqual([id, property, true]);
      expect(rule.references!.length).toBeGreaterThan(0);
      for (const ref of rule.references!) expect([id, ref.trim().length > 0]).toEqual([id, true]);
      expect(rule.references!.filter((r) => r.startsWith('https://docs.aws.amazon.com/')).length).toBeGreaterThan(0);
      // What the finding carries comes from the catalog entry.
      const [finding] = findingsOf(findings, id);
      expect([finding.controls, finding.fix]).toEqual([want.controls, rule.fix]);
    }
  });
});
