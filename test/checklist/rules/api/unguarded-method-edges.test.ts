// Edge cases of API1 found by mutation testing: each test pins one decision of the rule
// (which methods take a body, what counts as parameters or a validator, what an unknown
// HTTP method means, and what the findings say) that the main tests left open.
import { anyString, method } from './fixtures';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const api1 = (properties: Record<string, unknown>, parameters?: Record<string, unknown>) => findingsOf(checkTemplate(method(properties, parameters)), 'API1');
const ids = (properties: Record<string, unknown>, parameters?: Record<string, unknown>) => idsOf(checkTemplate(method(properties, parameters)), 'API1');

const IAM = { AuthorizationType: 'AWS_IAM' };

describe('API1 edge cases', () => {
  describe('methods that take a request body', () => {
    test.each(['POST', 'PUT', 'PATCH', 'ANY', 'patch'])('%s without a validator fires, saying it accepts a body', (verb) => {
      const findings = api1({ HttpMethod: verb, ...IAM });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Validator::missing]']);
      expect(findings[0].message).toBe(`M (${verb}) accepts a request body without a request validator (no RequestValidatorId)`);
    });

    test.each(['GET', 'DELETE', 'HEAD'])('%s without parameters needs no validator', (verb) => {
      expect(ids({ HttpMethod: verb, ...IAM })).toEqual([]);
    });
  });

  describe('request parameters', () => {
    test('a GET with parameters and no validator fires, saying it accepts parameters', () => {
      const findings = api1({ HttpMethod: 'GET', ...IAM, RequestParameters: { 'method.request.querystring.id': true } });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Validator::missing]']);
      expect(findings[0].message).toBe('M (GET) accepts request parameters without a request validator (no RequestValidatorId)');
    });

    test('an empty RequestParameters map is no parameters', () => {
      expect(ids({ HttpMethod: 'GET', ...IAM, RequestParameters: {} })).toEqual([]);
    });

    test('fires when an Fn::If branch adds parameters', () => {
      const params = { 'Fn::If': ['C', { 'method.request.header.x': true }, { Ref: 'AWS::NoValue' }] };
      expect(ids({ HttpMethod: 'GET', ...IAM, RequestParameters: params })).toEqual(['Hardened-API1[Validator::missing]']);
    });

    test('is unresolved, on RequestParameters, when the parameters are imported', () => {
      const findings = api1({ HttpMethod: 'GET', ...IAM, RequestParameters: { 'Fn::ImportValue': 'Params' } });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.RequestParameters]']);
      expect(findings[0].message).toMatch(/^Request validation of M \(GET\) cannot be verified at synth time/);
    });

    test('parameters with a validator pass', () => {
      expect(ids({ HttpMethod: 'GET', ...IAM, RequestParameters: { 'method.request.path.id': true }, RequestValidatorId: 'v1' })).toEqual([]);
    });
  });

  describe('the request validator', () => {
    test('an empty RequestValidatorId is no validator', () => {
      expect(ids({ HttpMethod: 'POST', ...IAM, RequestValidatorId: '' })).toEqual(['Hardened-API1[Validator::missing]']);
    });

    test('fires when an Fn::If branch empties the validator', () => {
      expect(ids({ HttpMethod: 'POST', ...IAM, RequestValidatorId: { 'Fn::If': ['C', 'v1', ''] } })).toEqual(['Hardened-API1[Validator::missing]']);
    });

    test('a validator ID with a known part names a validator', () => {
      const validator = { 'Fn::Sub': '${ValidatorPrefix}-body' };
      expect(ids({ HttpMethod: 'POST', ...IAM, RequestValidatorId: validator }, { ValidatorPrefix: anyString })).toEqual([]);
    });

    test('is unresolved when the validator ID is made only of parameters', () => {
      const validator = { 'Fn::Join': ['', [{ Ref: 'A' }, { Ref: 'B' }]] };
      const findings = api1({ HttpMethod: 'POST', ...IAM, RequestValidatorId: validator }, { A: anyString, B: anyString });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.RequestValidatorId]']);
      expect(findings[0].message).toMatch(/^Request validation of M \(POST\) cannot be verified/);
    });
  });

  describe('authorization', () => {
    test('says who can call a method with AuthorizationType NONE', () => {
      const findings = api1({ HttpMethod: 'GET', AuthorizationType: 'none' });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Authorization::NONE]']);
      expect(findings[0].message).toBe('M (GET) has AuthorizationType NONE: anyone who can reach the API can call it');
    });

    test('names every alternative of the HTTP method in the message', () => {
      const findings = api1({ HttpMethod: { 'Fn::If': ['C', 'GET', 'DELETE'] } });
      expect(findings.map((f) => f.message)).toEqual(['M (GET or DELETE) has AuthorizationType NONE: anyone who can reach the API can call it']);
    });

    test('is unresolved, on AuthorizationType, when it is imported', () => {
      const findings = api1({ HttpMethod: 'GET', AuthorizationType: { 'Fn::ImportValue': 'Auth' } });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.AuthorizationType]']);
      expect(findings[0].message).toMatch(/^The authorization of M \(GET\) cannot be verified at synth time \(Properties\.AuthorizationType\)/);
    });

    test('an OPTIONS method is never judged, even without authorization or validator', () => {
      expect(ids({ HttpMethod: 'options', RequestParameters: { 'method.request.header.Origin': true } })).toEqual([]);
    });
  });

  describe('an HTTP method unknown at synth time', () => {
    test('is unresolved on HttpMethod when it could be OPTIONS and has no authorizer (never NONE outright)', () => {
      const findings = api1({ HttpMethod: { Ref: 'Verb' } }, { Verb: anyString });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.HttpMethod]']);
      expect(findings[0].message).toMatch(/^The authorization of M \(\$\{Ref\.Verb\}\) cannot be verified/);
    });

    test('is unresolved on HttpMethod when it is imported', () => {
      const findings = api1({ HttpMethod: { 'Fn::ImportValue': 'Verb' }, ...IAM });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.HttpMethod]']);
      expect(findings[0].message).toMatch(/^Request validation of M \(<Fn::ImportValue>\) cannot be verified/);
    });

    test('judges the other alternatives when one is OPTIONS (a bug fixed: it used to skip the method)', () => {
      const either = { 'Fn::If': ['C', 'OPTIONS', 'POST'] };
      expect(ids({ HttpMethod: either })).toEqual(['Hardened-API1[Authorization::NONE]', 'Hardened-API1[Validator::missing]']);
      expect(api1({ HttpMethod: either, ...IAM }).map((f) => f.message)).toEqual([
        'M (OPTIONS or POST) accepts a request body without a request validator (no RequestValidatorId)',
      ]);
      expect(ids({ HttpMethod: either, ...IAM, RequestValidatorId: 'v1' })).toEqual([]);
      expect(ids({ HttpMethod: { 'Fn::If': ['C', 'OPTIONS', 'options'] } })).toEqual([]);
    });

    test('is unresolved on HttpMethod when the other alternative is unknown', () => {
      const findings = api1({ HttpMethod: { 'Fn::If': ['C', 'OPTIONS', { Ref: 'Verb' }] } }, { Verb: anyString });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API1[Unresolved::Properties.HttpMethod]']);
    });

    test('is judged by its allowed values: every one authorized and validated passes', () => {
      const verb = { Verb: { Type: 'String', AllowedValues: ['GET', 'POST', 'OPTIONS'] } };
      expect(ids({ HttpMethod: { Ref: 'Verb' }, ...IAM, RequestValidatorId: 'v1' }, verb)).toEqual([]);
      expect(ids({ HttpMethod: { Ref: 'Verb' }, ...IAM }, verb)).toEqual(['Hardened-API1[Validator::missing]']);
    });
  });

  test('an unresolved finding says what API1 cannot prove', () => {
    const [finding] = api1({ HttpMethod: 'GET', AuthorizationType: { Ref: 'Auth' } }, { Auth: anyString });
    expect(finding.message).toBe(
      'The authorization of M (GET) cannot be verified at synth time (Properties.AuthorizationType), so API1 cannot prove that an API Gateway REST method has an authorizer, and a request validator when it accepts a body or parameters',
    );
  });
});
