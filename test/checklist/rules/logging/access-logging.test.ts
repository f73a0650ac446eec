import { Fn } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const C = { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };
const one = (type: string, properties: Record<string, unknown>, parameters?: Record<string, unknown>) => ({
  Parameters: parameters,
  Conditions: C,
  Resources: { R: { Type: type, Properties: properties } },
});

describe('LOG8 access logging', () => {
  describe('API Gateway', () => {
    test('fails on the stage of a RestApi without access logging', () => {
      const stack = newStack();
      new apigateway.RestApi(stack, 'Api').root.addMethod('GET');
      const findings = checkStack(stack);
      expect(idsOf(findings, 'LOG8')).toEqual(['Hardened-LOG8']);
      expect(findingsOf(findings, 'LOG8')[0].path).toBe('TestStack/Api/DeploymentStage.prod/Resource');
    });

    test('passes on a RestApi with an access log destination', () => {
      const stack = newStack();
      const group = new logs.LogGroup(stack, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
      new apigateway.RestApi(stack, 'Api', {
        deployOptions: {
          accessLogDestination: new apigateway.LogGroupLogDestination(group),
          accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        },
      }).root.addMethod('GET');
      expect(idsOf(checkStack(stack), 'LOG8')).toEqual([]);
    });

    test('fails on the default stage of an HTTP API without access logging', () => {
      const stack = newStack();
      new apigwv2.HttpApi(stack, 'Http');
      const findings = checkStack(stack);
      expect(idsOf(findings, 'LOG8')).toEqual(['Hardened-LOG8']);
      expect(findingsOf(findings, 'LOG8')[0].resourceType).toBe('AWS::ApiGatewayV2::Stage');
    });

    test('judges raw REST, HTTP and SAM stages', () => {
      expect(idsOf(checkTemplate(one('AWS::ApiGateway::Stage', { RestApiId: 'abc', StageName: 'prod' })), 'LOG8')).toEqual(['Hardened-LOG8']);
      const dest = { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:api', Format: '$context.requestId' };
      expect(idsOf(checkTemplate(one('AWS::ApiGatewayV2::Stage', { ApiId: 'abc', StageName: '$default', AccessLogSettings: dest })), 'LOG8')).toEqual([]);
      expect(idsOf(checkTemplate(one('AWS::Serverless::Api', { StageName: 'prod' })), 'LOG8')).toEqual(['Hardened-LOG8']);
      expect(idsOf(checkTemplate(one('AWS::Serverless::HttpApi', { AccessLogSettings: dest })), 'LOG8')).toEqual([]);
    });
  });

  describe('load balancers', () => {
    test('fails on an ApplicationLoadBalancer without access logs, passes with logAccessLogs', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
      const logged = new elbv2.ApplicationLoadBalancer(stack, 'LoggedAlb', { vpc });
      logged.logAccessLogs(new s3.Bucket(stack, 'AlbLogs'));
      const findings = findingsOf(checkStack(stack), 'LOG8');
      expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Alb/Resource Hardened-LOG8']);
    });

    test('does not judge network load balancers', () => {
      const stack = newStack();
      new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc: new ec2.Vpc(stack, 'Vpc') });
      expect(idsOf(checkStack(stack), 'LOG8')).toEqual([]);
    });

    test('fails on a classic load balancer without an access logging policy', () => {
      const stack = newStack();
      new elb.LoadBalancer(stack, 'Clb', { vpc: new ec2.Vpc(stack, 'Vpc') });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'LOG8')).toEqual(['Hardened-LOG8']);
      expect(findingsOf(findings, 'LOG8')[0].path).toBe('TestStack/Clb/Resource');
      const raw = one('AWS::ElasticLoadBalancing::LoadBalancer', { Listeners: [], AccessLoggingPolicy: { Enabled: 'true', S3BucketName: 'logs' } });
      expect(idsOf(checkTemplate(raw), 'LOG8')).toEqual([]);
    });

    test('judges raw ELBv2 attributes', () => {
      const attrs = (value: unknown) => one('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: [{ Key: 'access_logs.s3.enabled', Value: value }] });
      expect(idsOf(checkTemplate(attrs('true')), 'LOG8')).toEqual([]);
      expect(idsOf(checkTemplate(attrs('false')), 'LOG8')).toEqual(['Hardened-LOG8']);
    });
  });

  describe('CloudFront', () => {
    test('fails on a Distribution without logging, passes with enableLogging', () => {
      const stack = newStack();
      const origin = new origins.HttpOrigin('example.com');
      new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin } });
      new cloudfront.Distribution(stack, 'LoggedCdn', { defaultBehavior: { origin }, enableLogging: true });
      const findings = findingsOf(checkStack(stack), 'LOG8');
      expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Cdn/Resource Hardened-LOG8']);
    });

    test('passes on a raw distribution that delivers access logs to CloudWatch Logs (standard logging v2)', () => {
      const t = {
        Resources: {
          Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true } } },
          Source: {
            Type: 'AWS::Logs::DeliverySource',
            Properties: {
              Name: 'cdn',
              LogType: 'ACCESS_LOGS',
              ResourceArn: { 'Fn::Sub': 'arn:aws:cloudfront::${AWS::AccountId}:distribution/${Cdn}' },
            },
          },
          Delivery: { Type: 'AWS::Logs::Delivery', Properties: { DeliverySourceName: { Ref: 'Source' }, DeliveryDestinationArn: 'arn:aws:logs:us-east-1:123456789012:delivery-destination:d' } },
        },
      };
      expect(idsOf(checkTemplate(t), 'LOG8')).toEqual([]);
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when the stage destination is a parameter without allowed values', () => {
      const t = one('AWS::ApiGateway::Stage', { RestApiId: 'abc', AccessLogSetting: { DestinationArn: { Ref: 'Dest' }, Format: 'x' } }, { Dest: { Type: 'String' } });
      expect(idsOf(checkTemplate(t), 'LOG8')).toEqual(['Hardened-LOG8[Unresolved::Properties.AccessLogSetting]']);
    });

    test('passes when the ELB attribute parameter only allows true, fires when it allows false', () => {
      const make = (allowed: string[]) =>
        one('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: [{ Key: 'access_logs.s3.enabled', Value: { Ref: 'Logs' } }] }, { Logs: { Type: 'String', AllowedValues: allowed } });
      expect(idsOf(checkTemplate(make(['true'])), 'LOG8')).toEqual([]);
      expect(idsOf(checkTemplate(make(['true', 'false'])), 'LOG8')).toEqual(['Hardened-LOG8']);
    });

    test('is unresolved when the load balancer type is a parameter and logging is off', () => {
      const t = one('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: { Ref: 'LbType' } }, { LbType: { Type: 'String' } });
      expect(idsOf(checkTemplate(t), 'LOG8')).toEqual(['Hardened-LOG8[Unresolved::Properties.LoadBalancerAttributes]']);
    });

    test('fires when an Fn::If branch removes the distribution logging', () => {
      const t = one('AWS::CloudFront::Distribution', {
        DistributionConfig: { Enabled: true, Logging: { 'Fn::If': ['C', { Bucket: 'logs.s3.amazonaws.com' }, { Ref: 'AWS::NoValue' }] } },
      });
      expect(idsOf(checkTemplate(t), 'LOG8')).toEqual(['Hardened-LOG8']);
    });

    test('is unresolved when the destination is imported, in CDK too', () => {
      const t = one('AWS::ApiGatewayV2::Stage', { ApiId: 'abc', AccessLogSettings: { DestinationArn: { 'Fn::ImportValue': 'Dest' }, Format: 'x' } });
      expect(idsOf(checkTemplate(t), 'LOG8')).toEqual(['Hardened-LOG8[Unresolved::Properties.AccessLogSettings]']);
      const stack = newStack();
      const api = new apigateway.RestApi(stack, 'Api');
      api.root.addMethod('GET');
      (api.deploymentStage.node.defaultChild as apigateway.CfnStage).accessLogSetting = { destinationArn: Fn.importValue('AccessLogGroupArn'), format: '$context.requestId' };
      expect(idsOf(checkStack(stack), 'LOG8')).toEqual(['Hardened-LOG8[Unresolved::Properties.AccessLogSetting]']);
    });
  });
});
