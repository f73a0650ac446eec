import { allOf, anyOf, boolIs, field, isAbsent, stringIsSet, Tri } from './helpers';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { isObject, isUncertain, isUnknown } from '../../values';

/** Whether a resolved `{ DestinationArn, Format }` access log setting sends logs somewhere. */
function accessLogDestination(setting: unknown): Tri {
  if (isAbsent(setting)) return 'no';
  if (isUnknown(setting) || !isObject(setting)) return 'unknown';
  return stringIsSet(setting.DestinationArn);
}

/** Whether a resolved `LoadBalancerAttributes` list turns `access_logs.s3.enabled` on. */
function elbv2AccessLogs(attributes: unknown): Tri {
  if (isAbsent(attributes)) return 'no';
  if (isUnknown(attributes) || !Array.isArray(attributes)) return 'unknown';
  const answers: Tri[] = [];
  for (const a of attributes) {
    if (!isObject(a)) {
      answers.push('unknown');
      continue;
    }
    const key = a.Key;
    if (typeof key !== 'string' || isUncertain(key)) {
      answers.push(isAbsent(key) ? 'no' : allOf(['unknown', boolIs(a.Value)]));
      continue;
    }
    if (key === 'access_logs.s3.enabled') answers.push(boolIs(a.Value));
  }
  return anyOf(answers);
}

/** Whether a resolved load balancer type is an application load balancer (absent means application). */
function isApplication(type: unknown): Tri {
  if (isAbsent(type)) return 'yes';
  if (typeof type !== 'string' || isUncertain(type)) return 'unknown';
  return type === 'application' ? 'yes' : 'no';
}

/** CloudFront standard logging (v2): a `AWS::Logs::DeliverySource` on the distribution with a `AWS::Logs::Delivery`. */
function cloudFrontLogDelivery(distribution: ResourceView, ctx: RuleContext): boolean {
  for (const source of ctx.template.referencing('AWS::Logs::DeliverySource', distribution.logicalId)) {
    const types = ctx.variants(source.prop('LogType'));
    if (!types.every((t) => t === 'ACCESS_LOGS')) continue;
    if (ctx.template.referencing('AWS::Logs::Delivery', source.logicalId).length > 0) return true;
  }
  return false;
}

interface Judgement {
  readonly answer: Tri;
  readonly path: string;
  readonly what: string;
}

function judge(resource: ResourceView, ctx: RuleContext): Judgement | undefined {
  const p = (name: string) => ctx.variants(resource.prop(name));
  switch (resource.type) {
    case 'AWS::ApiGateway::Stage':
    case 'AWS::Serverless::Api':
      return { answer: allOf(p('AccessLogSetting').map(accessLogDestination)), path: 'Properties.AccessLogSetting', what: 'has no access logging (no AccessLogSetting.DestinationArn)' };
    case 'AWS::ApiGatewayV2::Stage':
    case 'AWS::Serverless::HttpApi':
      return { answer: allOf(p('AccessLogSettings').map(accessLogDestination)), path: 'Properties.AccessLogSettings', what: 'has no access logging (no AccessLogSettings.DestinationArn)' };
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      // ELB.5 covers application load balancers; network and gateway load balancers are not judged.
      const application = anyOf(p('Type').map(isApplication));
      if (application === 'no') return undefined;
      const logs = allOf(p('LoadBalancerAttributes').map(elbv2AccessLogs));
      const answer = logs === 'yes' ? 'yes' : application === 'unknown' ? 'unknown' : logs;
      return { answer, path: 'Properties.LoadBalancerAttributes', what: 'has no access logging (load balancer attribute access_logs.s3.enabled is not true)' };
    }
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
      return {
        answer: allOf(p('AccessLoggingPolicy').map((policy) => (isAbsent(policy) ? 'no' : boolIs(field(policy, 'Enabled'))))),
        path: 'Properties.AccessLoggingPolicy',
        what: 'has no access logging (AccessLoggingPolicy.Enabled is not true)',
      };
    case 'AWS::CloudFront::Distribution': {
      const answer = allOf(
        p('DistributionConfig').map((cfg) => {
          if (isUnknown(cfg)) return 'unknown';
          const logging = field(cfg, 'Logging');
          if (isAbsent(logging)) return 'no';
          return isObject(logging) ? stringIsSet(logging.Bucket) : 'unknown';
        }),
      );
      if (answer !== 'yes' && cloudFrontLogDelivery(resource, ctx)) return { answer: 'yes', path: '', what: '' };
      return { answer, path: 'Properties.DistributionConfig.Logging', what: 'has no access logging (no DistributionConfig.Logging, and no CloudWatch Logs delivery of its access logs)' };
    }
    default:
      return undefined;
  }
}

/** LOG8: API stages, load balancers and distributions log their requests. */
export const LOG8: Rule = {
  id: 'LOG8',
  family: 'logging',
  severity: Severity.WARNING,
  title: 'API Gateway stages, load balancers and CloudFront distributions have access logging',
  explanation:
    'CloudTrail records calls to AWS, not the requests your users and attackers send to your own endpoints. Access logs are the only record of who called what, from where and with what result, which incident response and abuse investigations depend on.',
  fix: "CDK: `deployOptions: { accessLogDestination: new apigateway.LogGroupLogDestination(group), accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields() }` on a RestApi (`accessLogSettings` on an HTTP API stage); `alb.logAccessLogs(bucket)` on a load balancer; `enableLogging: true` (or `logBucket`) on a CloudFront Distribution. CloudFormation: `AccessLogSetting` (REST) or `AccessLogSettings` (HTTP/WebSocket) with a `DestinationArn`; the load balancer attribute `access_logs.s3.enabled: 'true'` with `access_logs.s3.bucket`; `AccessLoggingPolicy.Enabled: true` on a classic ELB; `DistributionConfig.Logging.Bucket` on a distribution.",
  controls: ['APIGateway.9', 'ELB.5', 'CloudFront.5'],
  resourceTypes: [
    'AWS::ApiGateway::Stage',
    'AWS::ApiGatewayV2::Stage',
    'AWS::Serverless::Api',
    'AWS::Serverless::HttpApi',
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::ElasticLoadBalancing::LoadBalancer',
    'AWS::CloudFront::Distribution',
  ],
  references: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html',
  ],
  check(resource, ctx) {
    const j = judge(resource, ctx);
    if (!j) return;
    if (j.answer === 'no') {
      ctx.report({ message: `${resource.displayName} ${j.what}` });
    } else if (j.answer === 'unknown') {
      ctx.unresolved(j.path, `Access logging of ${resource.displayName}`);
    }
  },
};
