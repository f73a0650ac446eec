import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { searchPolicyStrength } from '../../../../src/checklist/rules/tls/search-domain';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const VERSION = opensearch.EngineVersion.OPENSEARCH_2_11;

function rawDomain(type: string, endpointOptions: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: { Search: { Type: type, Properties: endpointOptions === undefined ? {} : { DomainEndpointOptions: endpointOptions } } },
  };
}

describe('TLS6 OpenSearch/Elasticsearch domains enforce HTTPS with TLS 1.2+', () => {
  test('fails when an opensearch.Domain sets enforceHttps false', () => {
    const stack = newStack();
    new opensearch.Domain(stack, 'Search', { version: VERSION, enforceHttps: false });
    const findings = findingsOf(checkStack(stack), 'TLS6');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS6[EnforceHTTPS::false]', 'TestStack/Search/Resource']]);
  });

  test('passes when an opensearch.Domain enforces HTTPS with the TLS 1.2 PFS policy', () => {
    const stack = newStack();
    new opensearch.Domain(stack, 'Search', { version: VERSION, enforceHttps: true, tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS });
    expect(idsOf(checkStack(stack), 'TLS6')).toEqual([]);
  });

  test('fails when an opensearch.Domain uses TLSSecurityPolicy.TLS_1_0', () => {
    const stack = newStack();
    new opensearch.Domain(stack, 'Search', { version: VERSION, enforceHttps: true, tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_0 });
    expect(idsOf(checkStack(stack), 'TLS6')).toEqual(['Hardened-TLS6[TLSSecurityPolicy::Policy-Min-TLS-1-0-2019-07]']);
  });

  test('fails on a raw domain without DomainEndpointOptions, for both resource types', () => {
    for (const type of ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']) {
      expect(idsOf(checkTemplate(rawDomain(type, undefined)), 'TLS6')).toEqual(['Hardened-TLS6[EnforceHTTPS::false]', 'Hardened-TLS6[TLSSecurityPolicy::none]']);
    }
  });

  test('accepts loose booleans and future Policy-Min-TLS-1-2/1-3 names', () => {
    const options = (policy: string) => ({ EnforceHTTPS: 'true', TLSSecurityPolicy: policy });
    expect(idsOf(checkTemplate(rawDomain('AWS::Elasticsearch::Domain', options('Policy-Min-TLS-1-2-2019-07'))), 'TLS6')).toEqual([]);
    expect(idsOf(checkTemplate(rawDomain('AWS::OpenSearchService::Domain', options('Policy-Min-TLS-1-3-2030-01'))), 'TLS6')).toEqual([]);
    expect(searchPolicyStrength('Policy-Min-TLS-1-2-RFC9151-FIPS-2030-01')).toBe('strong');
    expect(searchPolicyStrength('Policy-Min-TLS-1-1-2030-01')).toBe('weak');
    expect(idsOf(checkTemplate(rawDomain('AWS::OpenSearchService::Domain', options('Custom'))), 'TLS6')).toEqual(['Hardened-TLS6[TLSSecurityPolicy::Custom]']);
  });

  test('judges parameters by their AllowedValues, both branches of an Fn::If, and reports unknowns unresolved', () => {
    const withParam = (param: Record<string, unknown>) =>
      rawDomain('AWS::OpenSearchService::Domain', { EnforceHTTPS: true, TLSSecurityPolicy: { Ref: 'Policy' } }, { Parameters: { Policy: { Type: 'String', ...param } } });
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['Policy-Min-TLS-1-2-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'] })), 'TLS6')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['Policy-Min-TLS-1-0-2019-07', 'Policy-Min-TLS-1-2-PFS-2023-10'] })), 'TLS6')).toEqual([
      'Hardened-TLS6[TLSSecurityPolicy::Policy-Min-TLS-1-0-2019-07]',
    ]);
    expect(idsOf(checkTemplate(withParam({})), 'TLS6')).toEqual(['Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions.TLSSecurityPolicy]']);

    const conditions = { Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
    const ifEnforce = rawDomain(
      'AWS::OpenSearchService::Domain',
      { EnforceHTTPS: { 'Fn::If': ['Prod', true, false] }, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      conditions,
    );
    expect(idsOf(checkTemplate(ifEnforce), 'TLS6')).toEqual(['Hardened-TLS6[EnforceHTTPS::false]']);
    const imported = rawDomain('AWS::OpenSearchService::Domain', { EnforceHTTPS: { 'Fn::ImportValue': 'Enforce' }, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' });
    expect(idsOf(checkTemplate(imported), 'TLS6')).toEqual(['Hardened-TLS6[Unresolved::Properties.DomainEndpointOptions.EnforceHTTPS]']);
  });
});
