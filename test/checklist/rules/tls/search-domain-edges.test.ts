// TLS6 (OpenSearch/Elasticsearch domains) beyond the main tests, found by mutation testing:
// what each finding says, endpoint options the rule cannot read, and how policy names are judged.
import { searchPolicyStrength } from '../../../../src/checklist/rules/tls/search-domain';
import { checkTemplate, findingsOf } from '../../helpers';

const STRONG = 'Policy-Min-TLS-1-2-PFS-2023-10';

function domain(endpointOptions: unknown, parameters: Record<string, unknown> = {}) {
  const properties = endpointOptions === undefined ? { EngineVersion: 'OpenSearch_2.11' } : { EngineVersion: 'OpenSearch_2.11', DomainEndpointOptions: endpointOptions };
  return { Parameters: parameters, Resources: { OrdersSearch: { Type: 'AWS::OpenSearchService::Domain', Properties: properties } } };
}

const tls6 = (template: object) => findingsOf(checkTemplate(template), 'TLS6');
const ids = (template: object) => tls6(template).map((f) => [f.id, f.logicalId]);
const only = (template: object, id: string) => {
  const findings = tls6(template);
  expect(findings.map((f) => f.id)).toEqual([id]);
  expect(findings[0].logicalId).toBe('OrdersSearch');
  return findings[0];
};

describe('TLS6 edge cases', () => {
  describe('EnforceHTTPS', () => {
    test('absent: the finding names the domain and says EnforceHTTPS is absent', () => {
      const f = only(domain({ TLSSecurityPolicy: STRONG }), 'Hardened-TLS6[EnforceHTTPS::false]');
      expect(f.message).toContain('OrdersSearch');
      expect(f.message).toContain('EnforceHTTPS is absent');
    });

    test('false: the finding says EnforceHTTPS is false, not absent', () => {
      const f = only(domain({ EnforceHTTPS: false, TLSSecurityPolicy: STRONG }), 'Hardened-TLS6[EnforceHTTPS::false]');
      expect(f.message).toContain('OrdersSearch');
      expect(f.message).toContain('EnforceHTTPS is false');
      expect(f.message).not.toContain('absent');
    });

    test('imported: the unresolved finding names the domain', () => {
      const f = only(domain({ EnforceHTTPS: { 'Fn::ImportValue': 'Https' }, TLSSecurityPolicy: STRONG }), 'Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions.EnforceHTTPS]');
      expect(f.message).toContain('OrdersSearch');
    });
  });

  describe('DomainEndpointOptions', () => {
    test('imported options are one unresolved finding naming the domain, not a guess', () => {
      const f = only(domain({ 'Fn::ImportValue': 'EndpointOptions' }), 'Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions]');
      expect(f.message).toContain('OrdersSearch');
    });
  });

  describe('TLSSecurityPolicy', () => {
    test('absent: the finding names the domain and says nothing requires TLS 1.2', () => {
      const f = only(domain({ EnforceHTTPS: true }), 'Hardened-TLS6[TLSSecurityPolicy::none]');
      expect(f.message).toContain('OrdersSearch');
      expect(f.message).toContain('TLSSecurityPolicy');
      expect(f.message).toContain('TLS 1.2');
    });

    test('a weak policy: the finding names the policy and says it accepts TLS older than 1.2', () => {
      const f = only(domain({ EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' }), 'Hardened-TLS6[TLSSecurityPolicy::Policy-Min-TLS-1-0-2019-07]');
      expect(f.message).toContain('OrdersSearch');
      expect(f.message).toContain('Policy-Min-TLS-1-0-2019-07');
      expect(f.message).toContain('older than 1.2');
    });

    test('an unknown policy: the finding names it and says it is not a Policy-Min-TLS-1-2-* policy, without claiming old TLS', () => {
      const f = only(domain({ EnforceHTTPS: true, TLSSecurityPolicy: 'Custom-Policy' }), 'Hardened-TLS6[TLSSecurityPolicy::Custom-Policy]');
      expect(f.message).toContain('OrdersSearch');
      expect(f.message).toContain('Custom-Policy');
      expect(f.message).toContain('Policy-Min-TLS-1-2-*');
      expect(f.message).not.toContain('older than 1.2');
    });

    test('a policy that is not a name (a number) is unresolved, naming the domain', () => {
      const f = only(domain({ EnforceHTTPS: true, TLSSecurityPolicy: 12 }), 'Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions.TLSSecurityPolicy]');
      expect(f.message).toContain('OrdersSearch');
    });

    test('a policy built from a parameter is unresolved', () => {
      const t = domain({ EnforceHTTPS: true, TLSSecurityPolicy: { 'Fn::Sub': 'Policy-Min-TLS-${Version}' } }, { Version: { Type: 'String' } });
      expect(ids(t)).toEqual([['Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions.TLSSecurityPolicy]', 'OrdersSearch']]);
    });

    test('policy names are judged by their minimum version; anything else is unknown', () => {
      expect(searchPolicyStrength('Policy-Min-TLS-1-2')).toBe('strong');
      expect(searchPolicyStrength('Policy-Min-TLS-2-0-2040-01')).toBe('strong');
      expect(searchPolicyStrength('Policy-Min-TLS-1-0-2019-07')).toBe('weak');
      expect(searchPolicyStrength('Custom-Policy')).toBe('unknown');
    });
  });
});
