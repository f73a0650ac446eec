import { Fn } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

/** A raw REST API with one method `M` with the given properties. */
function method(properties: Record<string, unknown>, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
      M: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, Integration: { Type: 'MOCK' }, ...properties },
      },
    },
  };
}

describe('API1 method authorization and request validation', () => {
  test('fails on a RestApi POST method without authorizer or validator, on the method', () => {
    const stack = newStack();
    new apigateway.RestApi(stack, 'Api').root.addMethod('POST');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'API1')).toEqual(['Hardened-API1[Authorization::NONE]', 'Hardened-API1[Validator::missing]']);
    expect(findingsOf(findings, 'API1').map((f) => f.path)).toEqual(['TestStack/Api/Default/POST/Resource', 'TestStack/Api/Default/POST/Resource']);
  });

  test('passes on a POST method with IAM authorization and a body validator', () => {
    const stack = newStack();
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('POST', undefined, {
      authorizationType: apigateway.AuthorizationType.IAM,
      requestValidatorOptions: { validateRequestBody: true, validateRequestParameters: true },
    });
    expect(idsOf(checkStack(stack), 'API1')).toEqual([]);
  });

  test('fails on a GET method that takes parameters without a validator', () => {
    const stack = newStack();
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM, requestParameters: { 'method.request.querystring.id': true } });
    expect(idsOf(checkStack(stack), 'API1')).toEqual(['Hardened-API1[Validator::missing]']);
  });

  test('does not judge the OPTIONS methods of CORS preflight', () => {
    const stack = newStack();
    const api = new apigateway.RestApi(stack, 'Api', { defaultCorsPreflightOptions: { allowOrigins: ['https://example.com'] } });
    api.root.addMethod('GET', undefined, { authorizationType: apigateway.AuthorizationType.IAM });
    expect(idsOf(checkStack(stack), 'API1')).toEqual([]);
  });

  describe('raw CloudFormation', () => {
    test('fails when AuthorizationType is absent (NONE)', () => {
      const findings = checkTemplate(method({ HttpMethod: 'GET' }));
      expect(idsOf(findings, 'API1')).toEqual(['Hardened-API1[Authorization::NONE]']);
      expect(findingsOf(findings, 'API1')[0].logicalId).toBe('M');
    });

    test('passes on a PUT with a Cognito authorizer and a validator', () => {
      const t = method({ HttpMethod: 'PUT', AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: 'abc', RequestValidatorId: 'v1' });
      expect(idsOf(checkTemplate(t), 'API1')).toEqual([]);
    });

    test('fails on ANY without a validator', () => {
      expect(idsOf(checkTemplate(method({ HttpMethod: 'ANY', AuthorizationType: 'AWS_IAM' })), 'API1')).toEqual(['Hardened-API1[Validator::missing]']);
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when AuthorizationType is a parameter without allowed values', () => {
      const t = method({ HttpMethod: 'GET', AuthorizationType: { Ref: 'Auth' } }, { Auth: { Type: 'String' } });
      expect(idsOf(checkTemplate(t), 'API1')).toEqual(['Hardened-API1[Unresolved::Properties.AuthorizationType]']);
    });

    test('passes when every allowed authorization type authorizes, fires when NONE is allowed', () => {
      const make = (allowed: string[]) => method({ HttpMethod: 'GET', AuthorizationType: { Ref: 'Auth' } }, { Auth: { Type: 'String', AllowedValues: allowed } });
      expect(idsOf(checkTemplate(make(['AWS_IAM', 'CUSTOM'])), 'API1')).toEqual([]);
      expect(idsOf(checkTemplate(make(['AWS_IAM', 'NONE'])), 'API1')).toEqual(['Hardened-API1[Authorization::NONE]']);
    });

    test('fires when an Fn::If branch removes the validator', () => {
      const t = method({ HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', RequestValidatorId: { 'Fn::If': ['C', 'v1', { Ref: 'AWS::NoValue' }] } });
      expect(idsOf(checkTemplate(t), 'API1')).toEqual(['Hardened-API1[Validator::missing]']);
    });

    test('is unresolved when the HTTP method is a parameter', () => {
      const t = method({ HttpMethod: { Ref: 'Verb' }, AuthorizationType: 'AWS_IAM' }, { Verb: { Type: 'String' } });
      expect(idsOf(checkTemplate(t), 'API1')).toEqual(['Hardened-API1[Unresolved::Properties.HttpMethod]']);
    });

    test('is unresolved when the validator is imported, in CDK too', () => {
      const t = method({ HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', RequestValidatorId: { 'Fn::ImportValue': 'Validator' } });
      expect(idsOf(checkTemplate(t), 'API1')).toEqual(['Hardened-API1[Unresolved::Properties.RequestValidatorId]']);
      const stack = newStack();
      const api = new apigateway.RestApi(stack, 'Api');
      const validator = apigateway.RequestValidator.fromRequestValidatorId(stack, 'Validator', Fn.importValue('ValidatorId'));
      api.root.addMethod('POST', undefined, { authorizationType: apigateway.AuthorizationType.IAM, requestValidator: validator });
      expect(idsOf(checkStack(stack), 'API1')).toEqual(['Hardened-API1[Unresolved::Properties.RequestValidatorId]']);
    });
  });
});
