import { LOG8 } from '../../../../src/checklist/rules/logging/access-logging';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const ALB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const one = (type: string, properties: Record<string, unknown>, parameters?: Record<string, unknown>) => ({
  Parameters: parameters,
  Resources: { R: { Type: type, Properties: properties } },
});
const log8 = (t: object) => idsOf(checkTemplate(t), 'LOG8');
const UNRESOLVED = (path: string) => [`Hardened-LOG8[Unresolved::${path}]`];
const imported = { 'Fn::ImportValue': 'Somewhere' };

describe('LOG8 access logging: edge cases', () => {
  test('the rule metadata names what to set', () => {
    expect(LOG8.title).toMatch(/access logging/);
    expect(LOG8.explanation.length).toBeGreaterThan(20);
    for (const prop of ['AccessLogSetting', 'AccessLogSettings', 'access_logs.s3.enabled', 'AccessLoggingPolicy', 'DistributionConfig.Logging']) {
      expect(LOG8.fix).toContain(prop);
    }
  });

  describe('API stages', () => {
    test('a malformed access log setting is unresolved, not a pass or a fail', () => {
      expect(log8(one('AWS::ApiGateway::Stage', { RestApiId: 'a', AccessLogSetting: 'not-an-object' }))).toEqual(UNRESOLVED('Properties.AccessLogSetting'));
      expect(log8(one('AWS::ApiGatewayV2::Stage', { ApiId: 'a', AccessLogSettings: imported }))).toEqual(UNRESOLVED('Properties.AccessLogSettings'));
    });

    test('findings name the stage and the missing property', () => {
      const rest = findingsOf(checkTemplate(one('AWS::ApiGateway::Stage', { RestApiId: 'a' })), 'LOG8');
      expect(rest).toHaveLength(1);
      expect(rest[0].logicalId).toBe('R');
      expect(rest[0].message).toContain('R');
      expect(rest[0].message).toContain('AccessLogSetting.DestinationArn');
      const http = findingsOf(checkTemplate(one('AWS::ApiGatewayV2::Stage', { ApiId: 'a' })), 'LOG8');
      expect(http[0].message).toContain('AccessLogSettings.DestinationArn');
    });

    test('a SAM HTTP API without access log settings fires', () => {
      expect(log8(one('AWS::Serverless::HttpApi', {}))).toEqual(['Hardened-LOG8']);
    });

    test('the unresolved finding names the stage', () => {
      const f = findingsOf(checkTemplate(one('AWS::ApiGateway::Stage', { RestApiId: 'a', AccessLogSetting: imported })), 'LOG8');
      expect(f).toHaveLength(1);
      expect(f[0].message).toContain('R');
    });
  });

  describe('application load balancers', () => {
    const attrs = (list: unknown, extra: Record<string, unknown> = {}, parameters?: Record<string, unknown>) =>
      one(ALB, { LoadBalancerAttributes: list, ...extra }, parameters);

    test('no attributes at all means access logging is off', () => {
      expect(log8(one(ALB, {}))).toEqual(['Hardened-LOG8']);
    });

    test('attributes that are not a list, or an entry that is not an object, are unresolved', () => {
      expect(log8(attrs({ Key: 'access_logs.s3.enabled', Value: 'true' }))).toEqual(UNRESOLVED('Properties.LoadBalancerAttributes'));
      expect(log8(attrs(imported))).toEqual(UNRESOLVED('Properties.LoadBalancerAttributes'));
      expect(log8(attrs(['access_logs.s3.enabled=true']))).toEqual(UNRESOLVED('Properties.LoadBalancerAttributes'));
    });

    test('only the access_logs.s3.enabled attribute counts', () => {
      expect(log8(attrs([{ Key: 'deletion_protection.enabled', Value: 'true' }]))).toEqual(['Hardened-LOG8']);
      expect(log8(attrs([{ Key: 'deletion_protection.enabled', Value: 'false' }]))).toEqual(['Hardened-LOG8']);
      expect(log8(attrs([]))).toEqual(['Hardened-LOG8']);
      expect(log8(attrs([{ Key: 'deletion_protection.enabled', Value: 'true' }, { Key: 'access_logs.s3.enabled', Value: 'true' }]))).toEqual([]);
    });

    test('an attribute whose key is unknown is unresolved when its value is true, a fail when false or keyless', () => {
      const p = { K: { Type: 'String' } };
      expect(log8(attrs([{ Key: { Ref: 'K' }, Value: 'true' }], {}, p))).toEqual(UNRESOLVED('Properties.LoadBalancerAttributes'));
      expect(log8(attrs([{ Key: { Ref: 'K' }, Value: 'false' }], {}, p))).toEqual(['Hardened-LOG8']);
      expect(log8(attrs([{ Value: 'true' }]))).toEqual(['Hardened-LOG8']);
    });

    test('an explicit application type is judged; an unknown type with logging on passes', () => {
      expect(log8(one(ALB, { Type: 'application' }))).toEqual(['Hardened-LOG8']);
      expect(log8(one(ALB, { Type: imported }))).toEqual(UNRESOLVED('Properties.LoadBalancerAttributes'));
      expect(log8(attrs([{ Key: 'access_logs.s3.enabled', Value: 'true' }], { Type: imported }))).toEqual([]);
      expect(log8(attrs([{ Key: 'access_logs.s3.enabled', Value: 'true' }], { Type: { Ref: 'T' } }, { T: { Type: 'String' } }))).toEqual([]);
    });

    test('the finding names the load balancer and the attribute', () => {
      const f = findingsOf(checkTemplate(one(ALB, {})), 'LOG8');
      expect(f[0].logicalId).toBe('R');
      expect(f[0].message).toContain('access_logs.s3.enabled');
    });
  });

  describe('classic load balancers', () => {
    test('an unknown policy is unresolved on AccessLoggingPolicy; a missing one names it', () => {
      const clb = 'AWS::ElasticLoadBalancing::LoadBalancer';
      expect(log8(one(clb, { Listeners: [], AccessLoggingPolicy: { Enabled: imported, S3BucketName: 'b' } }))).toEqual(UNRESOLVED('Properties.AccessLoggingPolicy'));
      const f = findingsOf(checkTemplate(one(clb, { Listeners: [] })), 'LOG8');
      expect(f[0].message).toContain('AccessLoggingPolicy.Enabled');
    });
  });

  describe('CloudFront distributions', () => {
    const CF = 'AWS::CloudFront::Distribution';
    const withDelivery = (logType: unknown, delivery: boolean, logging?: unknown) => ({
      Conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: {
        Cdn: { Type: CF, Properties: { DistributionConfig: { Enabled: true, ...(logging === undefined ? {} : { Logging: logging }) } } },
        Source: {
          Type: 'AWS::Logs::DeliverySource',
          Properties: { Name: 'cdn', LogType: logType, ResourceArn: { 'Fn::Sub': 'arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn}' } },
        },
        ...(delivery
          ? { Delivery: { Type: 'AWS::Logs::Delivery', Properties: { DeliverySourceName: { Ref: 'Source' }, DeliveryDestinationArn: 'arn:aws:logs:us-east-1:123456789012:delivery-destination:d' } } }
          : {}),
      },
    });

    test('a distribution without logging fires on the distribution, naming DistributionConfig.Logging', () => {
      const f = findingsOf(checkTemplate(one(CF, { DistributionConfig: { Enabled: true } })), 'LOG8');
      expect(f.map((x) => x.id)).toEqual(['Hardened-LOG8']);
      expect(f[0].logicalId).toBe('R');
      expect(f[0].message).toContain('R');
      expect(f[0].message).toContain('DistributionConfig.Logging');
    });

    test('an unknown distribution config or logging block is unresolved', () => {
      expect(log8(one(CF, { DistributionConfig: imported }))).toEqual(UNRESOLVED('Properties.DistributionConfig.Logging'));
      expect(log8(one(CF, { DistributionConfig: { Enabled: true, Logging: 'logs' } }))).toEqual(UNRESOLVED('Properties.DistributionConfig.Logging'));
    });

    describe('a distribution whose properties have more combinations than the engine enumerates', () => {
      const parameters = {
        Comment: { Type: 'String', AllowedValues: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] },
        PriceClass: { Type: 'String', AllowedValues: ['PriceClass_All', 'PriceClass_100', 'PriceClass_200'] },
        HttpVersion: { Type: 'String', AllowedValues: ['http1.1', 'http2', 'http3'] },
      };
      const withLogging = (logging: unknown, loggingFirst: boolean) => {
        const rest = { Enabled: true, Comment: { Ref: 'Comment' }, PriceClass: { Ref: 'PriceClass' }, HttpVersion: { Ref: 'HttpVersion' } };
        return {
          Parameters: parameters,
          Conditions: { Logs: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
          Resources: {
            R: { Type: CF, Properties: { DistributionConfig: loggingFirst ? { Logging: logging, ...rest } : { ...rest, Logging: logging } } },
          },
        };
      };
      const optional = { 'Fn::If': ['Logs', { Bucket: 'logs.s3.amazonaws.com' }, { Ref: 'AWS::NoValue' }] };

      test('logging that one Fn::If branch removes still fires, wherever the property is', () => {
        expect(log8(withLogging(optional, false))).toEqual(['Hardened-LOG8']);
        expect(log8(withLogging(optional, true))).toEqual(['Hardened-LOG8']);
      });

      test('logging set in every case passes, wherever the property is', () => {
        const always = { Bucket: 'logs.s3.amazonaws.com' };
        expect(log8(withLogging(always, false))).toEqual([]);
        expect(log8(withLogging(always, true))).toEqual([]);
      });
    });

    test('a delivery source of another log type, or without a delivery, does not count', () => {
      expect(log8(withDelivery('ACCESS_LOGS', true))).toEqual([]);
      expect(log8(withDelivery('CONNECTION_LOGS', true))).toEqual(['Hardened-LOG8']);
      expect(log8(withDelivery({ 'Fn::If': ['C', 'ACCESS_LOGS', 'CONNECTION_LOGS'] }, true))).toEqual(['Hardened-LOG8']);
      expect(log8(withDelivery('ACCESS_LOGS', false))).toEqual(['Hardened-LOG8']);
    });

    test('a CloudWatch Logs delivery settles an unknown logging block', () => {
      expect(log8(withDelivery('ACCESS_LOGS', true, imported))).toEqual([]);
    });
  });
});
