// API2 on REST API stages, beyond the main tests: which endpoint types are public, which
// RestApiId values can be judged, and which WebACLAssociation ARNs name the stage.
import { anyString, association, restApi, stageArn } from './fixtures';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const api2 = (t: object) => findingsOf(checkTemplate(t), 'API2');
const ids = (t: object) => idsOf(checkTemplate(t), 'API2');

const FIRES = ['Hardened-API2'];
const UNKNOWN_ACL = ['Hardened-API2[Unresolved::WebACLAssociation.ResourceArn]'];
const UNKNOWN_TYPES = ['Hardened-API2[Unresolved::RestApi.EndpointConfiguration.Types]'];
const UNKNOWN_API = ['Hardened-API2[Unresolved::Properties.RestApiId]'];

describe('API2 on REST API stages', () => {
  describe('endpoint types', () => {
    test('a REGIONAL API is public: fires on the stage, saying so', () => {
      const findings = api2(restApi({ api: { EndpointConfiguration: { Types: ['REGIONAL'] } } }));
      expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Prod Hardened-API2']);
      expect(findings[0].message).toBe('Prod is a public REST API stage without an AWS WAF web ACL');
    });

    test('an EndpointConfiguration without Types is EDGE, public', () => {
      expect(ids(restApi({ api: { EndpointConfiguration: { VpcEndpointIds: ['vpce-1'] } } }))).toEqual(FIRES);
    });

    test('an empty Types list is the default, EDGE, public', () => {
      expect(ids(restApi({ api: { EndpointConfiguration: { Types: [] } } }))).toEqual(FIRES);
    });

    test('a private API passes, whatever the case of PRIVATE', () => {
      expect(ids(restApi({ api: { EndpointConfiguration: { Types: ['private'] } } }))).toEqual([]);
    });

    test('fires when one Fn::If branch makes the API public', () => {
      expect(ids(restApi({ api: { EndpointConfiguration: { Types: { 'Fn::If': ['C', ['PRIVATE'], ['EDGE']] } } } }))).toEqual(FIRES);
    });

    test('is unresolved, on the API\'s Types, when the endpoint type is a parameter', () => {
      const t = restApi({ api: { EndpointConfiguration: { Types: [{ Ref: 'EndpointType' }] } }, parameters: { EndpointType: anyString } });
      const findings = api2(t);
      expect(findings.map((f) => f.id)).toEqual(UNKNOWN_TYPES);
      expect(findings[0].message).toMatch(/^Whether Prod is internet-facing cannot be verified at synth time \(RestApi\.EndpointConfiguration\.Types\)/);
    });

    test('is unresolved when the whole Types list is a list parameter', () => {
      const t = restApi({ api: { EndpointConfiguration: { Types: { Ref: 'EndpointTypes' } } }, parameters: { EndpointTypes: { Type: 'CommaDelimitedList' } } });
      expect(ids(t)).toEqual(UNKNOWN_TYPES);
    });

    test('judges the endpoint type parameter by its allowed values', () => {
      const make = (allowed: string[]) =>
        restApi({ api: { EndpointConfiguration: { Types: [{ Ref: 'EndpointType' }] } }, parameters: { EndpointType: { Type: 'String', AllowedValues: allowed } } });
      expect(ids(make(['PRIVATE']))).toEqual([]);
      expect(ids(make(['PRIVATE', 'REGIONAL']))).toEqual(FIRES);
    });
  });

  describe('the API a stage belongs to', () => {
    test('is unresolved, on RestApiId, when the API ID is a parameter', () => {
      expect(ids(restApi({ stage: { RestApiId: { Ref: 'ApiId' } }, parameters: { ApiId: anyString } }))).toEqual(UNKNOWN_API);
    });

    test('is unresolved when the API ID comes from a custom resource', () => {
      const lookup = { Type: 'Custom::ApiLookup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:lookup' } };
      expect(ids(restApi({ stage: { RestApiId: { Ref: 'Lookup' } }, resources: { Lookup: lookup } }))).toEqual(UNKNOWN_API);
    });

    test('is unresolved on RestApiId when one branch is a private API and the other an import', () => {
      const api = { EndpointConfiguration: { Types: ['PRIVATE'] } };
      expect(ids(restApi({ api, stage: { RestApiId: { 'Fn::If': ['C', { Ref: 'Api' }, { 'Fn::ImportValue': 'ApiId' }] } } }))).toEqual(UNKNOWN_API);
      expect(ids(restApi({ api }))).toEqual([]);
    });

    test('fires when the stage can belong to either of two APIs and only one has an association (a bug fixed: it passed)', () => {
      const api2Resource = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api2' } };
      const make = (...arns: unknown[]) =>
        restApi({
          stage: { RestApiId: { 'Fn::If': ['C', { Ref: 'Api' }, { Ref: 'Api2' }] } },
          resources: { Api2: api2Resource, ...Object.fromEntries(arns.map((arn, i) => [`Waf${i}`, association(arn)])) },
        });
      expect(ids(make(stageArn('${Api}', 'prod')))).toEqual(FIRES);
      expect(ids(make(stageArn('${Api2}', 'prod')))).toEqual(FIRES);
      expect(ids(make(stageArn('${Api}', 'prod'), stageArn('${Api2}', '${Prod}')))).toEqual([]);
    });

    test('with two possible APIs, is unresolved when the other API\'s association could name the stage', () => {
      const t = restApi({
        stage: { RestApiId: { 'Fn::If': ['C', { Ref: 'Api' }, { Ref: 'Api2' }] } },
        parameters: { Env: anyString },
        resources: {
          Api2: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api2' } },
          Waf: association(stageArn('${Api}', 'prod')),
          Waf2: association(stageArn('${Api2}', '${Env}')),
        },
      });
      const findings = api2(t);
      expect(findings.map((f) => f.id)).toEqual(UNKNOWN_ACL);
      expect(findings[0].message).toMatch(/could name it/);
      expect(findings[0].message).toContain('Waf2');
    });

    test('is unresolved when the API is imported, even with an association in the template', () => {
      const t = restApi({ stage: { RestApiId: { 'Fn::ImportValue': 'ApiId' } }, resources: { Waf: association('arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod') } });
      expect(ids(t)).toEqual(UNKNOWN_API);
    });
  });

  describe('which associations name the stage', () => {
    test('passes when the association names the stage by its Ref or its name', () => {
      expect(ids(restApi({ resources: { Waf: association(stageArn('${Api}', '${Prod}')) } }))).toEqual([]);
      expect(ids(restApi({ resources: { Waf: association(stageArn('${Api}', 'prod')) } }))).toEqual([]);
    });

    test('a stage without StageName is named by its Ref only', () => {
      const stage = { StageName: { Ref: 'AWS::NoValue' } };
      expect(ids(restApi({ stage, resources: { Waf: association(stageArn('${Api}', '${Prod}')) } }))).toEqual([]);
      expect(ids(restApi({ stage, resources: { Waf: association(stageArn('${Api}', 'prod')) } }))).toEqual(FIRES);
    });

    test('is unresolved when the stage name is a parameter the association could name, saying which association', () => {
      const findings = api2(restApi({ stage: { StageName: { Ref: 'Env' } }, parameters: { Env: anyString }, resources: { Waf: association(stageArn('${Api}', 'prod')) } }));
      expect(findings.map((f) => f.id)).toEqual(UNKNOWN_ACL);
      expect(findings[0].message).toMatch(
        /^The web ACL of Prod \(Waf \(ResourceArn arn:aws:apigateway:\$\{AWS\.Region\}::\/restapis\/\$\{Ref\.Api\}\/stages\/prod\) could name it\) cannot be verified/,
      );
    });

    test('is unresolved when the stage name is imported and an association could name it (a bug fixed: it fired)', () => {
      const stage = { StageName: { 'Fn::ImportValue': 'StageName' } };
      expect(ids(restApi({ stage, resources: { Waf: association(stageArn('${Api}', 'prod')) } }))).toEqual(UNKNOWN_ACL);
      expect(ids(restApi({ stage }))).toEqual(FIRES);
      expect(ids(restApi({ stage, resources: { Waf: association(stageArn('abc123', 'prod')) } }))).toEqual(FIRES);
    });

    test('fires when the stage name has a known part no association matches', () => {
      const stage = { StageName: { 'Fn::Sub': '${Env}-v1' } };
      expect(ids(restApi({ stage, parameters: { Env: anyString }, resources: { Waf: association(stageArn('${Api}', 'prod')) } }))).toEqual(FIRES);
    });

    test('is unresolved when the association names the stage by a parameter', () => {
      expect(ids(restApi({ parameters: { Env: anyString }, resources: { Waf: association(stageArn('${Api}', '${Env}')) } }))).toEqual(UNKNOWN_ACL);
    });

    test('judges the known part of an association\'s stage name', () => {
      const t = (stageName: string) => restApi({ stage: { StageName: stageName }, parameters: { Env: anyString }, resources: { Waf: association(stageArn('${Api}', '${Env}-v1')) } });
      expect(ids(t('prod'))).toEqual(FIRES);
      expect(ids(t('prod-v1'))).toEqual(UNKNOWN_ACL);
    });

    test('matches a stage name with a region in it against the association\'s, part by part', () => {
      const t = (associationStage: string) =>
        restApi({
          stage: { StageName: { 'Fn::Sub': '${Env}-${AWS::Region}' } },
          parameters: { Env: anyString },
          resources: { Waf: association(stageArn('${Api}', associationStage)) },
        });
      expect(ids(t('prod-${AWS::Region}'))).toEqual(UNKNOWN_ACL);
      expect(ids(t('dev-${AWS::Region}'))).toEqual(UNKNOWN_ACL);
      expect(ids(t('prod'))).toEqual(FIRES);
      expect(ids(t('prod-${AWS::AccountId}'))).toEqual(FIRES);
    });

    test('is unresolved when the association names the API by a parameter', () => {
      expect(ids(restApi({ parameters: { ApiId: anyString }, resources: { Waf: association(stageArn('${ApiId}', 'prod')) } }))).toEqual(UNKNOWN_ACL);
    });

    test('judges the known part of an association\'s API ID', () => {
      const t = restApi({ parameters: { Prefix: anyString }, resources: { Waf: association(stageArn('${Prefix}.api', 'prod')) } });
      expect(ids(t)).toEqual(FIRES);
    });

    test('an association naming a path below the stage does not name the stage', () => {
      expect(ids(restApi({ resources: { Waf: association(stageArn('${Api}', 'prod/extra')) } }))).toEqual(FIRES);
    });

    test('is unresolved when the association ARN is not a string, never a match', () => {
      expect(ids(restApi({ resources: { Waf: association([stageArn('${Api}', 'prod')]) } }))).toEqual(UNKNOWN_ACL);
    });

    test('an association of another kind of resource does not protect the stage', () => {
      const cognito = association('arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc');
      const alb = association('arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188');
      expect(ids(restApi({ resources: { Cognito: cognito, Alb: alb } }))).toEqual(FIRES);
    });
  });
});
