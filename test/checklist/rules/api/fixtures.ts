// Raw CloudFormation builders for the api rule tests.

export const ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/app/1234';

/** A condition `C` for `Fn::If` alternatives. */
const CONDITIONS = { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };

/** An `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` is the given (raw) value. */
export const association = (resourceArn: unknown) => ({ Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: resourceArn, WebACLArn: ACL_ARN } });

/** A REST API stage ARN for `Fn::Sub`, naming the API and stage as given (`${Api}`, `prod`, ...). */
export const stageArn = (api: string, stage: string) => ({ 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}::/restapis/${api}/stages/${stage}` });

/**
 * A raw REST API `Api` with stage `Prod`, plus the given resources. `stage` overrides the
 * stage's properties (`StageName: 'prod'` and `RestApiId: { Ref: 'Api' }` by default).
 */
export function restApi(options: {
  resources?: Record<string, unknown>;
  api?: Record<string, unknown>;
  stage?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
} = {}) {
  return {
    Parameters: options.parameters,
    Conditions: CONDITIONS,
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api', ...options.api } },
      Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' } } },
      Prod: {
        Type: 'AWS::ApiGateway::Stage',
        Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'prod', ...options.stage },
      },
      ...options.resources,
    },
  };
}

/** A raw load balancer `Lb` with the given properties, plus resources. */
export function loadBalancer(props: Record<string, unknown>, resources: Record<string, unknown> = {}, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: CONDITIONS,
    Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['subnet-1', 'subnet-2'], ...props } }, ...resources },
  };
}

/** A raw CloudFront distribution `Cdn` with the given `DistributionConfig` (raw). */
export function distribution(config: unknown, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: CONDITIONS,
    Resources: { Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: config } } },
  };
}

/** A raw REST API with one method `M` with the given properties. */
export function method(properties: Record<string, unknown>, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: CONDITIONS,
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
      M: {
        Type: 'AWS::ApiGateway::Method',
        Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, Integration: { Type: 'MOCK' }, ...properties },
      },
    },
  };
}

/** A `String` template parameter without `AllowedValues` (it could be anything). */
export const anyString = { Type: 'String' };
