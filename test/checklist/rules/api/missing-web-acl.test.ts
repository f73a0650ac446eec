import { Fn } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1234';

/** A raw public REST API `Api` with stage `Prod` (stage name `prod`) plus the given resources. */
function restApi(resources: Record<string, unknown> = {}, apiProps: Record<string, unknown> = {}, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api', ...apiProps } },
      Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' } } },
      Prod: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'prod' } },
      ...resources,
    },
  };
}

const association = (resourceArn: unknown) => ({ Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: resourceArn, WebACLArn: ACL_ARN } });

/** A raw load balancer `Lb` with the given properties plus resources. */
function loadBalancer(props: Record<string, unknown>, resources: Record<string, unknown> = {}, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['subnet-1', 'subnet-2'], ...props } }, ...resources },
  };
}

describe('API2 web ACL on internet-facing entry points', () => {
  describe('REST API stages', () => {
    test('fails on the stage of a public RestApi, on the stage', () => {
      const stack = newStack();
      new apigateway.RestApi(stack, 'Api').root.addMethod('POST');
      const findings = checkStack(stack);
      expect(idsOf(findings, 'API2')).toEqual(['Hardened-API2']);
      expect(findingsOf(findings, 'API2')[0].path).toBe('TestStack/Api/DeploymentStage.prod/Resource');
    });

    test('passes on a PRIVATE RestApi', () => {
      const stack = newStack();
      new apigateway.RestApi(stack, 'Api', { endpointTypes: [apigateway.EndpointType.PRIVATE] }).root.addMethod('GET');
      expect(idsOf(checkStack(stack), 'API2')).toEqual([]);
    });

    test('passes when a CfnWebACLAssociation names the stage by stage.stageArn (Fn::Join)', () => {
      const stack = newStack();
      const api = new apigateway.RestApi(stack, 'Api');
      api.root.addMethod('GET');
      new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: api.deploymentStage.stageArn, webAclArn: ACL_ARN });
      expect(idsOf(checkStack(stack), 'API2')).toEqual([]);
    });

    test('passes when an association names the stage with Fn::Sub', () => {
      const sub = association({ 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod' });
      expect(idsOf(checkTemplate(restApi({ Waf: sub })), 'API2')).toEqual([]);
      const subRef = association({ 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Prod}' });
      expect(idsOf(checkTemplate(restApi({ Waf: subRef })), 'API2')).toEqual([]);
    });

    test('fails when the association names another stage or another API', () => {
      const other = association({ 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/test' });
      expect(idsOf(checkTemplate(restApi({ Waf: other })), 'API2')).toEqual(['Hardened-API2']);
      const otherApi = association('arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod');
      const findings = checkTemplate(restApi({ Waf: otherApi }));
      expect(idsOf(findings, 'API2')).toEqual(['Hardened-API2']);
      expect(findingsOf(findings, 'API2')[0].logicalId).toBe('Prod');
    });

    test('does not judge HTTP APIs, which cannot take a web ACL', () => {
      const stack = newStack();
      new apigwv2.HttpApi(stack, 'Http');
      expect(idsOf(checkStack(stack), 'API2')).toEqual([]);
    });
  });

  describe('load balancers', () => {
    test('fails on an internet-facing ApplicationLoadBalancer, passes on an internal one', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc');
      new elbv2.ApplicationLoadBalancer(stack, 'Public', { vpc, internetFacing: true });
      new elbv2.ApplicationLoadBalancer(stack, 'Internal', { vpc, internetFacing: false });
      new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, internetFacing: true });
      const findings = findingsOf(checkStack(stack), 'API2');
      expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Public/Resource Hardened-API2']);
    });

    test('passes when a CfnWebACLAssociation names the load balancer by Ref', () => {
      const stack = newStack();
      const alb = new elbv2.ApplicationLoadBalancer(stack, 'Public', { vpc: new ec2.Vpc(stack, 'Vpc'), internetFacing: true });
      new wafv2.CfnWebACLAssociation(stack, 'Waf', { resourceArn: alb.loadBalancerArn, webAclArn: ACL_ARN });
      expect(idsOf(checkStack(stack), 'API2')).toEqual([]);
    });

    test('treats a raw load balancer without Scheme or Type as an internet-facing ALB', () => {
      expect(idsOf(checkTemplate(loadBalancer({})), 'API2')).toEqual(['Hardened-API2']);
      expect(idsOf(checkTemplate(loadBalancer({ Scheme: 'internal' })), 'API2')).toEqual([]);
      expect(idsOf(checkTemplate(loadBalancer({ Type: 'network' })), 'API2')).toEqual([]);
    });
  });

  describe('CloudFront', () => {
    test('fails on a Distribution without a web ACL, passes with webAclId', () => {
      const stack = newStack();
      const origin = new origins.HttpOrigin('example.com');
      new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin } });
      const acl = new wafv2.CfnWebACL(stack, 'Acl', {
        scope: 'CLOUDFRONT',
        defaultAction: { allow: {} },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
      });
      new cloudfront.Distribution(stack, 'ProtectedCdn', { defaultBehavior: { origin }, webAclId: acl.attrArn });
      const findings = findingsOf(checkStack(stack), 'API2');
      expect(findings.map((f) => `${f.path} ${f.id}`)).toEqual(['TestStack/Cdn/Resource Hardened-API2']);
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when an association ARN is a parameter', () => {
      const findings = checkTemplate(restApi({ Waf: association({ Ref: 'ProtectedArn' }) }, {}, { ProtectedArn: { Type: 'String' } }));
      expect(idsOf(findings, 'API2')).toEqual(['Hardened-API2[Unresolved::WebACLAssociation.ResourceArn]']);
      expect(findingsOf(findings, 'API2')[0].message).toContain('Waf');
    });

    test('is unresolved when an association ARN is imported, for the load balancers it could name', () => {
      const t = loadBalancer({}, { Waf: association({ 'Fn::ImportValue': 'ProtectedArn' }) });
      expect(idsOf(checkTemplate(t), 'API2')).toEqual(['Hardened-API2[Unresolved::WebACLAssociation.ResourceArn]']);
    });

    test('is unresolved when the scheme is a parameter without allowed values', () => {
      const t = loadBalancer({ Scheme: { Ref: 'Scheme' } }, {}, { Scheme: { Type: 'String' } });
      expect(idsOf(checkTemplate(t), 'API2')).toEqual(['Hardened-API2[Unresolved::Properties.Scheme]']);
    });

    test('passes when the scheme only allows internal, fires when internet-facing is allowed', () => {
      const make = (allowed: string[]) => loadBalancer({ Scheme: { Ref: 'Scheme' } }, {}, { Scheme: { Type: 'String', AllowedValues: allowed } });
      expect(idsOf(checkTemplate(make(['internal'])), 'API2')).toEqual([]);
      expect(idsOf(checkTemplate(make(['internal', 'internet-facing'])), 'API2')).toEqual(['Hardened-API2']);
    });

    test('fires when one Fn::If branch makes the load balancer internet-facing', () => {
      const t = loadBalancer({ Scheme: { 'Fn::If': ['C', 'internal', 'internet-facing'] } });
      expect(idsOf(checkTemplate(t), 'API2')).toEqual(['Hardened-API2']);
    });

    test('is unresolved when the distribution web ACL is imported', () => {
      const t = { Resources: { Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, WebACLId: { 'Fn::ImportValue': 'Acl' } } } } } };
      expect(idsOf(checkTemplate(t), 'API2')).toEqual(['Hardened-API2[Unresolved::Properties.DistributionConfig.WebACLId]']);
    });

    test('is unresolved on a stage of an API imported by a token', () => {
      const stack = newStack();
      const api = apigateway.RestApi.fromRestApiAttributes(stack, 'Imported', { restApiId: Fn.importValue('ApiId'), rootResourceId: Fn.importValue('RootId') });
      const deployment = new apigateway.Deployment(stack, 'Deployment', { api });
      new apigateway.Stage(stack, 'Stage', { deployment, stageName: 'live' });
      expect(idsOf(checkStack(stack), 'API2')).toEqual(['Hardened-API2[Unresolved::Properties.RestApiId]']);
    });
  });
});
