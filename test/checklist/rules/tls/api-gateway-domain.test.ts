import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { apiGatewayPolicyIsWeak } from '../../../../src/checklist/rules/tls/api-gateway-domain';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const cert = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN);

/** A raw REST custom domain with the given properties, plus extra resources and parameters. */
function restDomain(props: Record<string, unknown>, resources: Record<string, unknown> = {}, parameters: Record<string, unknown> = {}) {
  return {
    Parameters: parameters,
    Resources: { Domain: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'api.example.com', RegionalCertificateArn: CERT_ARN, ...props } }, ...resources },
  };
}

describe('TLS3 API Gateway custom domains accept only TLS 1.2 or newer', () => {
  test('fails when an apigateway.DomainName uses SecurityPolicy.TLS_1_0', () => {
    const stack = newStack();
    new apigw.DomainName(stack, 'Domain', { domainName: 'api.example.com', certificate: cert(stack), securityPolicy: apigw.SecurityPolicy.TLS_1_0 });
    const findings = findingsOf(checkStack(stack), 'TLS3');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS3[SecurityPolicy::TLS_1_0]', 'TestStack/Domain/Resource']]);
  });

  test('fails when an apigateway.DomainName sets no security policy (API Gateway creates it with TLS_1_0)', () => {
    const stack = newStack();
    new apigw.DomainName(stack, 'Domain', { domainName: 'api.example.com', certificate: cert(stack) });
    expect(idsOf(checkStack(stack), 'TLS3')).toEqual(['Hardened-TLS3[SecurityPolicy::none]']);
  });

  test('passes with TLS_1_2 or an enhanced TLS 1.3 policy', () => {
    const stack = newStack();
    const certificate = cert(stack);
    new apigw.DomainName(stack, 'Legacy', { domainName: 'a.example.com', certificate, securityPolicy: apigw.SecurityPolicy.TLS_1_2 });
    new apigw.DomainName(stack, 'Enhanced', {
      domainName: 'b.example.com',
      certificate,
      securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09,
      endpointAccessMode: apigw.EndpointAccessMode.STRICT,
    });
    expect(idsOf(checkStack(stack), 'TLS3')).toEqual([]);
  });

  test('warns on the domain when a RestApi served through it keeps its execute-api endpoint', () => {
    const stack = newStack();
    const api = new apigw.RestApi(stack, 'Api', {
      domainName: { domainName: 'api.example.com', certificate: cert(stack), securityPolicy: apigw.SecurityPolicy.TLS_1_2 },
    });
    api.root.addMethod('GET');
    const findings = findingsOf(checkStack(stack), 'TLS3');
    const apiId = stack.resolve((api.node.defaultChild as apigw.CfnRestApi).logicalId);
    expect(findings.map((f) => [f.id, f.path, f.severity])).toEqual([
      [`Hardened-TLS3[ExecuteApiEndpoint::${apiId}]`, 'TestStack/Api/CustomDomain/Resource', Severity.WARNING],
    ]);
  });

  test('passes when the RestApi disables its execute-api endpoint', () => {
    const stack = newStack();
    const api = new apigw.RestApi(stack, 'Api', {
      disableExecuteApiEndpoint: true,
      domainName: { domainName: 'api.example.com', certificate: cert(stack), securityPolicy: apigw.SecurityPolicy.TLS_1_2 },
    });
    api.root.addMethod('GET');
    expect(idsOf(checkStack(stack), 'TLS3')).toEqual([]);
  });

  test('fails when an apigatewayv2.DomainName uses TLS_1_0, and passes without a policy (HTTP APIs use TLS 1.2)', () => {
    const stack = newStack();
    const certificate = cert(stack);
    new apigwv2.DomainName(stack, 'Weak', { domainName: 'a.example.com', certificate, securityPolicy: apigwv2.SecurityPolicy.TLS_1_0 });
    new apigwv2.DomainName(stack, 'Default', { domainName: 'b.example.com', certificate });
    const findings = findingsOf(checkStack(stack), 'TLS3');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS3[SecurityPolicy::TLS_1_0]', 'TestStack/Weak/Resource']]);
  });

  test('fails on raw AWS::ApiGateway::DomainName with TLS_1_0, and judges a private DomainNameV2 by name pattern', () => {
    expect(idsOf(checkTemplate(restDomain({ SecurityPolicy: 'TLS_1_0' })), 'TLS3')).toEqual(['Hardened-TLS3[SecurityPolicy::TLS_1_0]']);
    const privateDomain = (policy?: string) => ({
      Resources: { Private: { Type: 'AWS::ApiGateway::DomainNameV2', Properties: { DomainName: 'p.example.com', ...(policy ? { SecurityPolicy: policy } : {}) } } },
    });
    expect(idsOf(checkTemplate(privateDomain()), 'TLS3')).toEqual([]);
    expect(idsOf(checkTemplate(privateDomain('SecurityPolicy_TLS13_1_2_2021_06')), 'TLS3')).toEqual([]);
    expect(idsOf(checkTemplate(privateDomain('SecurityPolicy-TLS13-1-0-2030-01')), 'TLS3')).toEqual(['Hardened-TLS3[SecurityPolicy::SecurityPolicy-TLS13-1-0-2030-01]']);
  });

  test('judges known, hyphenated and future policy names', () => {
    for (const weak of ['TLS_1_0', 'tls_1_0', 'SecurityPolicy_TLS13_1_0_2030_01', 'SecurityPolicy-TLS13-1-1-2030-01']) expect(apiGatewayPolicyIsWeak(weak)).toBe(true);
    for (const strong of ['TLS_1_2', 'SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS12_2018_EDGE', 'SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS13_1_3_2030_01']) {
      expect(apiGatewayPolicyIsWeak(strong)).toBe(false);
    }
  });

  test('judges a parameter by its AllowedValues and reports it unresolved without them', () => {
    const withParam = (param: Record<string, unknown>) => restDomain({ SecurityPolicy: { Ref: 'Policy' } }, {}, { Policy: { Type: 'String', ...param } });
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['TLS_1_2', 'SecurityPolicy_TLS13_1_3_2025_09'] })), 'TLS3')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['TLS_1_0', 'TLS_1_2'] })), 'TLS3')).toEqual(['Hardened-TLS3[SecurityPolicy::TLS_1_0]']);
    expect(idsOf(checkTemplate(withParam({ Default: 'TLS_1_2' })), 'TLS3')).toEqual(['Hardened-TLS3[Unresolved::Properties.SecurityPolicy]']);
  });

  test('judges an Fn::If whose other branch removes the policy, and an imported policy', () => {
    const conditions = { Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
    const ifNoValue = { ...conditions, ...restDomain({ SecurityPolicy: { 'Fn::If': ['Prod', 'TLS_1_2', { Ref: 'AWS::NoValue' }] } }) };
    expect(idsOf(checkTemplate(ifNoValue), 'TLS3')).toEqual(['Hardened-TLS3[SecurityPolicy::none]']);
    const bothStrong = { ...conditions, ...restDomain({ SecurityPolicy: { 'Fn::If': ['Prod', 'TLS_1_2', 'SecurityPolicy_TLS13_1_2_2021_06'] } }) };
    expect(idsOf(checkTemplate(bothStrong), 'TLS3')).toEqual([]);
    const imported = restDomain({ SecurityPolicy: { 'Fn::ImportValue': 'Policy' } });
    expect(idsOf(checkTemplate(imported), 'TLS3')).toEqual(['Hardened-TLS3[Unresolved::Properties.SecurityPolicy]']);
  });

  test('warns as unresolved when a base path mapping serves a REST API from another stack', () => {
    const findings = checkTemplate(
      restDomain(
        { SecurityPolicy: 'TLS_1_2' },
        { Mapping: { Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: { Ref: 'Domain' }, RestApiId: { 'Fn::ImportValue': 'ApiId' } } } },
      ),
    );
    expect(findingsOf(findings, 'TLS3').map((f) => [f.id, f.logicalId, f.severity])).toEqual([
      ['Hardened-TLS3[Unresolved::Mapping.RestApiId]', 'Domain', Severity.WARNING],
    ]);
  });

  test('does not warn about an HTTP API mapped to the domain', () => {
    const findings = checkTemplate(
      restDomain(
        { SecurityPolicy: 'TLS_1_2' },
        {
          HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
          Mapping: { Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { DomainName: { Ref: 'Domain' }, ApiId: { Ref: 'HttpApi' }, Stage: '$default' } },
        },
      ),
    );
    expect(idsOf(findings, 'TLS3')).toEqual([]);
  });

  test('judges the Domain of SAM APIs: a REST API defaults to TLS_1_0 and keeps execute-api unless disabled', () => {
    const sam = (type: string, props: Record<string, unknown>) => ({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: { Api: { Type: type, Properties: { StageName: 'prod', ...props } } },
    });
    const domain = { DomainName: 'api.example.com', CertificateArn: CERT_ARN };
    const rest = findingsOf(checkTemplate(sam('AWS::Serverless::Api', { Domain: domain })), 'TLS3');
    expect(rest.map((f) => [f.id, f.logicalId, f.severity])).toEqual([
      ['Hardened-TLS3[SecurityPolicy::none]', 'Api', Severity.ERROR],
      ['Hardened-TLS3[ExecuteApiEndpoint::Api]', 'Api', Severity.WARNING],
    ]);
    const hardened = sam('AWS::Serverless::Api', { Domain: { ...domain, SecurityPolicy: 'TLS_1_2' }, DisableExecuteApiEndpoint: true });
    expect(idsOf(checkTemplate(hardened), 'TLS3')).toEqual([]);
    expect(idsOf(checkTemplate(sam('AWS::Serverless::HttpApi', { Domain: domain })), 'TLS3')).toEqual([]);
    expect(idsOf(checkTemplate(sam('AWS::Serverless::Api', {})), 'TLS3')).toEqual([]);
  });
});
