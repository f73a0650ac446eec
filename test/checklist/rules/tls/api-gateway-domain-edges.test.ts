// TLS3 (API Gateway custom domains) beyond the main tests, found by mutation testing:
// what the findings say, values the rule cannot read, SAM APIs, and which mappings
// attach a REST API to each kind of custom domain (and so trigger the execute-api warning).
import { apiGatewayPolicyIsWeak } from '../../../../src/checklist/rules/tls/api-gateway-domain';
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf } from '../../helpers';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const SAM = 'AWS::Serverless-2016-10-31';

type Resources = Record<string, unknown>;

const restDomain = (props: Record<string, unknown> = {}) => ({
  Type: 'AWS::ApiGateway::DomainName',
  Properties: { DomainName: 'shop.example.com', RegionalCertificateArn: CERT_ARN, ...props },
});
const httpDomain = (config: Record<string, unknown> = {}) => ({
  Type: 'AWS::ApiGatewayV2::DomainName',
  Properties: { DomainName: 'shop.example.com', DomainNameConfigurations: [{ CertificateArn: CERT_ARN, ...config }] },
});
const privateDomain = () => ({
  Type: 'AWS::ApiGateway::DomainNameV2',
  Properties: { DomainName: 'internal.example.com', SecurityPolicy: 'TLS_1_2', EndpointConfiguration: { Types: ['PRIVATE'] } },
});
const restApi = (props: Record<string, unknown> = {}) => ({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'shop', ...props } });
const basePathMapping = (domain: unknown, api: unknown) => ({ Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: domain, RestApiId: api } });
const basePathMappingV2 = (domainArn: unknown, api: unknown) => ({
  Type: 'AWS::ApiGateway::BasePathMappingV2',
  Properties: { DomainNameArn: domainArn, RestApiId: api },
});
const apiMapping = (domain: unknown, api: unknown) => ({ Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { DomainName: domain, ApiId: api, Stage: 'prod' } });
const samApi = (type: string, props: Record<string, unknown>, parameters: Record<string, unknown> = {}) => ({
  Transform: SAM,
  Parameters: parameters,
  Resources: { ShopApi: { Type: type, Properties: { StageName: 'prod', ...props } } },
});

const tls3 = (template: object) => findingsOf(checkTemplate(template), 'TLS3');
const rows = (template: object) => tls3(template).map((f) => [f.id, f.logicalId, f.severity]);
const imported = (name: string) => ({ 'Fn::ImportValue': name });

const EXECUTE_API = (api: string) => `Hardened-TLS3[ExecuteApiEndpoint::${api}]`;

describe('TLS3 edge cases', () => {
  describe('security policies', () => {
    test('a REST domain without SecurityPolicy: the finding names the domain and the TLS_1_0 it gets', () => {
      const [finding, ...rest] = tls3({ Resources: { ShopDomain: restDomain() } });
      expect(rest).toEqual([]);
      expect(finding.id).toBe('Hardened-TLS3[SecurityPolicy::none]');
      expect(finding.message).toContain('ShopDomain');
      expect(finding.message).toContain('TLS_1_0');
    });

    test('a weak policy: the finding names the domain and the policy', () => {
      const [finding] = tls3({ Resources: { ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_0' }) } });
      expect(finding.id).toBe('Hardened-TLS3[SecurityPolicy::TLS_1_0]');
      expect(finding.message).toContain('ShopDomain');
      expect(finding.message).toContain('TLS_1_0');
    });

    test('an imported policy is unresolved, and the finding names the domain', () => {
      const findings = tls3({ Resources: { ShopDomain: restDomain({ SecurityPolicy: imported('Policy') }) } });
      expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS3[Unresolved::Properties.SecurityPolicy]', 'ShopDomain']]);
      expect(findings[0].message).toContain('ShopDomain');
    });

    test('a policy that is not a name (a number) is unresolved on SecurityPolicy', () => {
      expect(rows({ Resources: { ShopDomain: restDomain({ SecurityPolicy: 1.2 }) } })).toEqual([
        ['Hardened-TLS3[Unresolved::Properties.SecurityPolicy]', 'ShopDomain', Severity.ERROR],
      ]);
    });

    test('an imported policy of an HTTP domain is unresolved on DomainNameConfigurations', () => {
      expect(rows({ Resources: { ShopDomain: httpDomain({ SecurityPolicy: imported('Policy') }) } })).toEqual([
        ['Hardened-TLS3[Unresolved::Properties.DomainNameConfigurations.SecurityPolicy]', 'ShopDomain', Severity.ERROR],
      ]);
    });

    test('policy names are judged by pattern, even without a date suffix', () => {
      expect(apiGatewayPolicyIsWeak('SecurityPolicy_TLS13_1_0')).toBe(true);
      expect(apiGatewayPolicyIsWeak('SecurityPolicy_TLS13_1_1')).toBe(true);
      expect(apiGatewayPolicyIsWeak('SecurityPolicy_TLS13_1_2')).toBe(false);
    });
  });

  describe('SAM APIs', () => {
    const domain = { DomainName: 'api.example.com', CertificateArn: CERT_ARN };

    test('an AWS::Serverless::HttpApi whose Domain uses TLS_1_0 fires on the API, without an execute-api warning', () => {
      const t = samApi('AWS::Serverless::HttpApi', { Domain: { ...domain, SecurityPolicy: 'TLS_1_0' } });
      expect(rows(t)).toEqual([['Hardened-TLS3[SecurityPolicy::TLS_1_0]', 'ShopApi', Severity.ERROR]]);
    });

    test('an imported Domain is unresolved on the API, naming it', () => {
      const findings = tls3(samApi('AWS::Serverless::Api', { Domain: imported('Domain'), DisableExecuteApiEndpoint: true }));
      expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS3[Unresolved::Properties.Domain]', 'ShopApi']]);
      expect(findings[0].message).toContain('ShopApi');
    });

    test('an imported Domain.SecurityPolicy is unresolved on that property', () => {
      const t = samApi('AWS::Serverless::Api', { Domain: { ...domain, SecurityPolicy: imported('Policy') }, DisableExecuteApiEndpoint: true });
      expect(rows(t)).toEqual([['Hardened-TLS3[Unresolved::Properties.Domain.SecurityPolicy]', 'ShopApi', Severity.ERROR]]);
    });

    test('DisableExecuteApiEndpoint false warns, saying the API has a custom domain, with a fix naming the property', () => {
      const findings = tls3(samApi('AWS::Serverless::Api', { Domain: { ...domain, SecurityPolicy: 'TLS_1_2' }, DisableExecuteApiEndpoint: false }));
      expect(findings.map((f) => [f.id, f.logicalId, f.severity])).toEqual([[EXECUTE_API('ShopApi'), 'ShopApi', Severity.WARNING]]);
      expect(findings[0].message).toContain('ShopApi');
      expect(findings[0].message).toContain('custom domain');
      expect(findings[0].message).toContain('execute-api');
      expect(findings[0].message).toContain('DisableExecuteApiEndpoint');
      expect(findings[0].fix).toContain('DisableExecuteApiEndpoint: true');
    });

    test('a DisableExecuteApiEndpoint parameter without AllowedValues is an unresolved warning naming the API and the value', () => {
      const t = samApi(
        'AWS::Serverless::Api',
        { Domain: { ...domain, SecurityPolicy: 'TLS_1_2' }, DisableExecuteApiEndpoint: { Ref: 'DisableDefault' } },
        { DisableDefault: { Type: 'String' } },
      );
      const findings = tls3(t);
      expect(findings.map((f) => [f.id, f.logicalId, f.severity])).toEqual([
        ['Hardened-TLS3[Unresolved::ShopApi.DisableExecuteApiEndpoint]', 'ShopApi', Severity.WARNING],
      ]);
      expect(findings[0].message).toContain('ShopApi');
      expect(findings[0].message).toContain('DisableDefault');
      expect(findings[0].fix).toContain('DisableExecuteApiEndpoint: true');
    });
  });

  describe('REST APIs mapped to a custom domain', () => {
    test('the warning on the domain names the domain and the API it serves', () => {
      const findings = tls3({
        Resources: { ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_2' }), ShopApi: restApi(), Mapping: basePathMapping({ Ref: 'ShopDomain' }, { Ref: 'ShopApi' }) },
      });
      expect(findings.map((f) => [f.id, f.logicalId, f.severity])).toEqual([[EXECUTE_API('ShopApi'), 'ShopDomain', Severity.WARNING]]);
      expect(findings[0].message).toContain('ShopDomain');
      expect(findings[0].message).toContain('ShopApi');
      expect(findings[0].fix).toContain('DisableExecuteApiEndpoint: true');
    });

    test('a REST API mapped to a REST domain by an ApiGatewayV2::ApiMapping warns', () => {
      const t = { Resources: { ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_2' }), ShopApi: restApi(), Mapping: apiMapping({ Ref: 'ShopDomain' }, { Ref: 'ShopApi' }) } };
      expect(rows(t)).toEqual([[EXECUTE_API('ShopApi'), 'ShopDomain', Severity.WARNING]]);
    });

    test('an ApiGatewayV2::ApiMapping naming an API from elsewhere is not judged (it may be an HTTP API)', () => {
      const t = { Resources: { ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_2' }), Mapping: apiMapping({ Ref: 'ShopDomain' }, imported('ApiId')) } };
      expect(rows(t)).toEqual([]);
    });

    test('a base path mapping naming a REST API from elsewhere is an unresolved warning naming the domain', () => {
      const findings = tls3({ Resources: { ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_2' }), Mapping: basePathMapping({ Ref: 'ShopDomain' }, imported('ApiId')) } });
      expect(findings.map((f) => [f.id, f.logicalId, f.severity])).toEqual([['Hardened-TLS3[Unresolved::Mapping.RestApiId]', 'ShopDomain', Severity.WARNING]]);
      expect(findings[0].message).toContain('ShopDomain');
      expect(findings[0].message).toContain('REST API');
    });

    test('an HTTP domain serving a REST API through a base path mapping warns', () => {
      const t = { Resources: { ShopDomain: httpDomain(), ShopApi: restApi(), Mapping: basePathMapping({ Ref: 'ShopDomain' }, { Ref: 'ShopApi' }) } };
      expect(rows(t)).toEqual([[EXECUTE_API('ShopApi'), 'ShopDomain', Severity.WARNING]]);
    });

    test('an HTTP domain serving a REST API through an API mapping warns', () => {
      const t = { Resources: { ShopDomain: httpDomain(), ShopApi: restApi(), Mapping: apiMapping({ Ref: 'ShopDomain' }, { Ref: 'ShopApi' }) } };
      expect(rows(t)).toEqual([[EXECUTE_API('ShopApi'), 'ShopDomain', Severity.WARNING]]);
    });

    test('an HTTP domain: an imported REST API of a base path mapping is unresolved, an imported API of an API mapping is not judged', () => {
      const viaBasePath = { Resources: { ShopDomain: httpDomain(), Mapping: basePathMapping({ Ref: 'ShopDomain' }, imported('ApiId')) } };
      expect(rows(viaBasePath)).toEqual([['Hardened-TLS3[Unresolved::Mapping.RestApiId]', 'ShopDomain', Severity.WARNING]]);
      const viaApiMapping = { Resources: { ShopDomain: httpDomain(), Mapping: apiMapping({ Ref: 'ShopDomain' }, imported('ApiId')) } };
      expect(rows(viaApiMapping)).toEqual([]);
    });

    test('a private domain serving a REST API through a BasePathMappingV2 (by DomainNameArn) warns', () => {
      const t = {
        Resources: {
          Internal: privateDomain(),
          ShopApi: restApi({ EndpointConfiguration: { Types: ['PRIVATE'] } }),
          Mapping: basePathMappingV2({ 'Fn::GetAtt': ['Internal', 'DomainNameArn'] }, { Ref: 'ShopApi' }),
        },
      };
      expect(rows(t)).toEqual([[EXECUTE_API('ShopApi'), 'Internal', Severity.WARNING]]);
    });

    test('a private domain: an imported REST API of a BasePathMappingV2 is an unresolved warning', () => {
      const t = { Resources: { Internal: privateDomain(), Mapping: basePathMappingV2({ 'Fn::GetAtt': ['Internal', 'DomainNameArn'] }, imported('ApiId')) } };
      expect(rows(t)).toEqual([['Hardened-TLS3[Unresolved::Mapping.RestApiId]', 'Internal', Severity.WARNING]]);
    });

    test('a mapping whose domain is an Fn::If of two domains warns on both', () => {
      const resources: Resources = {
        Blue: restDomain({ SecurityPolicy: 'TLS_1_2' }),
        Green: restDomain({ DomainName: 'green.example.com', SecurityPolicy: 'TLS_1_2' }),
        ShopApi: restApi(),
        Mapping: basePathMapping({ 'Fn::If': ['UseBlue', { Ref: 'Blue' }, { Ref: 'Green' }] }, { Ref: 'ShopApi' }),
      };
      const t = { Conditions: { UseBlue: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }, Resources: resources };
      expect(rows(t).sort()).toEqual([
        [EXECUTE_API('ShopApi'), 'Blue', Severity.WARNING],
        [EXECUTE_API('ShopApi'), 'Green', Severity.WARNING],
      ]);
    });

    test('a mapping to another domain that only mentions this one in its name does not map this domain', () => {
      const t = {
        Resources: {
          ShopDomain: restDomain({ SecurityPolicy: 'TLS_1_2' }),
          ShopApi: restApi(),
          Mapping: basePathMapping({ 'Fn::Sub': 'legacy.${ShopDomain}' }, { Ref: 'ShopApi' }),
        },
      };
      expect(rows(t)).toEqual([]);
    });
  });
});
