// TLS3, TLS6 and TLS8 as catalogued (RULES.md is generated from these entries): family,
// severity and controls from CHECKLIST.md, the resource types judged, and a title, an
// explanation, a fix naming the CloudFormation properties, and sources for each.
import { RULES_BY_ID } from '../../../../src/checklist/catalog';

const CATALOG = {
  TLS3: {
    controls: ['CT.APIGATEWAY.PR.6'],
    resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi'],
    title: 'TLS 1.2',
    explanation: 'TLS_1_0',
    fix: ['SecurityPolicy: TLS_1_2', 'DomainNameConfigurations[].SecurityPolicy', 'DisableExecuteApiEndpoint: true'],
  },
  TLS6: {
    controls: ['Opensearch.8'],
    resourceTypes: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
    title: 'HTTPS',
    explanation: 'EnforceHTTPS',
    fix: ['EnforceHTTPS: true', 'TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10'],
  },
  TLS8: {
    controls: ['ElastiCache.5', 'MSK.1'],
    resourceTypes: [
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::MSK::Cluster',
      'AWS::RDS::DBParameterGroup',
      'AWS::RDS::DBClusterParameterGroup',
      'AWS::RDS::DBInstance',
      'AWS::RDS::DBCluster',
    ],
    title: 'encrypted connections',
    explanation: 'require_secure_transport',
    fix: ['TransitEncryptionEnabled: true', 'ClientBroker: TLS', 'InCluster: true', 'require_secure_transport', 'rds.force_ssl'],
  },
};

describe('TLS3, TLS6 and TLS8 in the catalog', () => {
  test('each is an error-level tls rule with its controls, resource types, a title, an explanation, a fix naming the properties, and sources', () => {
    for (const [id, expected] of Object.entries(CATALOG)) {
      const rule = RULES_BY_ID.get(id)!;
      expect(`${rule.family} ${rule.id} ${rule.severity}`).toBe(`tls ${id} error`);
      expect(rule.controls).toEqual(expected.controls);
      expect(rule.resourceTypes).toEqual(expected.resourceTypes);
      expect(rule.title).toContain(expected.title);
      expect(rule.explanation).toContain(expected.explanation);
      for (const property of expected.fix) expect(rule.fix).toContain(property);
      expect(rule.references?.length).toBeGreaterThan(1);
      for (const reference of rule.references ?? []) expect(reference.trim()).not.toBe('');
    }
  });
});
