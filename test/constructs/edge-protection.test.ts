import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isCdkInternal } from '../../src/checklist/rules/logging/cdk-internal';
import { TrailRequirement } from '../../src/checklist/severity';
import { EdgeProtection, EdgeProtectionProps, WebAclScope } from '../../src/constructs/edge-protection';
import { HardenedRestApi } from '../../src/constructs/hardened-rest-api';
import { HardenedVpc } from '../../src/constructs/hardened-vpc';
import { HttpsLoadBalancer } from '../../src/constructs/https-load-balancer';
import { SecureDistribution } from '../../src/constructs/secure-distribution';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

function aclStack(props: EdgeProtectionProps = {}): { stack: Stack; acl: EdgeProtection; template: Template } {
  const stack = newStack();
  const acl = new EdgeProtection(stack, 'Waf', props);
  return {
    stack,
    acl,
    get template() {
      return Template.fromStack(stack);
    },
  };
}

/** The rules of the only web ACL of a template. */
function rulesOf(template: Template): any[] {
  const acls = Object.values(template.findResources('AWS::WAFv2::WebACL')) as any[];
  expect(acls).toHaveLength(1);
  return acls[0].Properties.Rules;
}

const managed = (name: string) =>
  expect.objectContaining({
    Name: `AWS-${name}`,
    OverrideAction: { None: {} },
    Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
  });

/** Findings that are not acknowledged and not on resources aws-cdk-lib adds for itself (which may only carry warnings). */
function unacknowledged(stack: Stack): string[] {
  const findings = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged);
  const internal = findings.filter((f) => f.resource !== undefined && isCdkInternal(f.resource));
  expect(internal.filter((f) => f.severity !== 'warning')).toEqual([]);
  return findings.filter((f) => !internal.includes(f)).map((f) => f.id);
}

function nagErrors(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.filter((v) => v.severity === 'error')
    .map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

describe('EdgeProtection: rules', () => {
  test('has the AWS managed rule groups for a backend API: IP reputation, known bad inputs, core rule set', () => {
    const { template } = aclStack();
    const rules = rulesOf(template);
    expect(rules).toEqual(
      expect.arrayContaining([
        managed('AWSManagedRulesAmazonIpReputationList'),
        managed('AWSManagedRulesKnownBadInputsRuleSet'),
        managed('AWSManagedRulesCommonRuleSet'),
      ]),
    );
    expect(rules).toHaveLength(4);
  });

  test('has no SQL injection rule group unless asked', () => {
    const { template } = aclStack();
    expect(rulesOf(template).map((r) => r.Name)).not.toContain('AWS-AWSManagedRulesSQLiRuleSet');
  });

  test('adds the SQL injection rule group with sqlDatabase: true', () => {
    const { template } = aclStack({ sqlDatabase: true });
    expect(rulesOf(template)).toContainEqual(managed('AWSManagedRulesSQLiRuleSet'));
  });

  test('blocks an IP address that sends more than 1,000 requests in 5 minutes by default', () => {
    const { template } = aclStack();
    expect(rulesOf(template)).toContainEqual(
      expect.objectContaining({
        Name: 'RateLimitPerIp',
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
      }),
    );
  });

  test('uses the given rate limit and window', () => {
    const { template } = aclStack({ rateLimit: 10, rateLimitWindow: Duration.minutes(1) });
    expect(rulesOf(template)).toContainEqual(
      expect.objectContaining({ Statement: { RateBasedStatement: { Limit: 10, AggregateKeyType: 'IP', EvaluationWindowSec: 60 } } }),
    );
  });

  test('evaluates IP reputation first, then the rate limit, then the request inspection groups', () => {
    const { template } = aclStack({ sqlDatabase: true });
    const byPriority = [...rulesOf(template)].sort((a, b) => a.Priority - b.Priority).map((r) => [r.Priority, r.Name]);
    expect(byPriority).toEqual([
      [0, 'AWS-AWSManagedRulesAmazonIpReputationList'],
      [1, 'RateLimitPerIp'],
      [2, 'AWS-AWSManagedRulesKnownBadInputsRuleSet'],
      [3, 'AWS-AWSManagedRulesCommonRuleSet'],
      [4, 'AWS-AWSManagedRulesSQLiRuleSet'],
    ]);
  });

  test('allows the requests no rule blocks', () => {
    const { template } = aclStack();
    template.hasResourceProperties('AWS::WAFv2::WebACL', { DefaultAction: { Allow: {} } });
  });

  test('turns on CloudWatch metrics and sampled requests for the web ACL and every rule', () => {
    const { template } = aclStack({ sqlDatabase: true });
    const visibility = { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: Match.anyValue() };
    template.hasResourceProperties('AWS::WAFv2::WebACL', { VisibilityConfig: visibility });
    for (const rule of rulesOf(template)) {
      expect(rule.VisibilityConfig).toEqual({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: expect.stringMatching(/^[\w-]+$/) });
    }
  });

  test('addRule appends a rule after the managed ones', () => {
    const { stack, acl } = aclStack();
    acl.addRule({
      name: 'BlockAdmin',
      priority: 10,
      action: { block: {} },
      statement: { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/admin', textTransformations: [{ priority: 0, type: 'NONE' }] } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'BlockAdmin' },
    });
    expect(rulesOf(Template.fromStack(stack)).map((r) => r.Name)).toContain('BlockAdmin');
  });

  test('addRule refuses a priority the managed rules use', () => {
    const { acl } = aclStack();
    expect(() =>
      acl.addRule({ name: 'Mine', priority: 3, action: { block: {} }, statement: {}, visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'Mine' } }),
    ).toThrow(/refuses rule Mine with priority 3: priorities 0-9 are the managed rules'.*Fix: give the rule a priority of 10 or more/);
  });
});

describe('EdgeProtection: logging', () => {
  test('logs to a CloudWatch Logs log group named aws-waf-logs-..., kept one year and retained', () => {
    const { template } = aclStack();
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-'), RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test('points the logging configuration at the log group ARN without the trailing :*, for this web ACL', () => {
    const { stack, acl, template } = aclStack();
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: stack.resolve(acl.webAclArn),
      LogDestinationConfigs: [
        {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:', stack.resolve(acl.logGroup.logGroupName)]],
        },
      ],
    });
  });

  test('redacts the authorization and cookie headers in the logs', () => {
    const { template } = aclStack();
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  test('uses the given log group name and retention', () => {
    const { template } = aclStack({ logGroupName: 'aws-waf-logs-api', logRetention: logs.RetentionDays.THREE_MONTHS });
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-api', RetentionInDays: 90 });
  });

  test('fails when the log group name lacks the aws-waf-logs- prefix', () => {
    expect(() => aclStack({ logGroupName: '/waf/api' })).toThrow(
      /refuses logGroupName: \/waf\/api: AWS WAF only logs to a log group whose name starts with aws-waf-logs- \(Hardened-API2\)\. Fix: name it aws-waf-logs-waf\/api/,
    );
  });

  test('fails when the logs would be kept forever (LOG6)', () => {
    expect(() => aclStack({ logRetention: logs.RetentionDays.INFINITE })).toThrow(/refuses logRetention: INFINITE.*\(Hardened-LOG6\)\. Fix: /);
  });
});

describe('EdgeProtection: scope', () => {
  test('is REGIONAL by default', () => {
    const { template } = aclStack();
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
  });

  test('is CLOUDFRONT in a us-east-1 stack when asked', () => {
    const { template } = aclStack({ webAclScope: WebAclScope.CLOUDFRONT });
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
  });

  test('fails for CLOUDFRONT in a stack whose region is known and is not us-east-1, naming the cross-region fix', () => {
    const stack = new Stack(new App(), 'Eu', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(() => new EdgeProtection(stack, 'Waf', { webAclScope: WebAclScope.CLOUDFRONT })).toThrow(
      /refuses webAclScope: CLOUDFRONT in a stack in eu-west-1: AWS WAF only creates CLOUDFRONT web ACLs in us-east-1.*\(Hardened-API2\)\. Fix: create the EdgeProtection in a stack with env \{ region: 'us-east-1' \} and crossRegionReferences: true/,
    );
  });

  test('accepts CLOUDFRONT in an environment-agnostic stack (the region is not known)', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new EdgeProtection(stack, 'Waf', { webAclScope: WebAclScope.CLOUDFRONT });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
  });
});

describe('EdgeProtection: refusals of the rate limit', () => {
  test('fails when the rate limit is below 10, the minimum AWS WAF accepts', () => {
    expect(() => aclStack({ rateLimit: 9 })).toThrow(
      /edge protection TestStack\/Waf refuses rateLimit: 9: AWS WAF accepts a whole number of requests from 10 to 2,000,000,000 per window.*\(Hardened-API2\)\. Fix: remove rateLimit \(default 1000 per 5 minutes\) or set a whole number of at least 10/,
    );
  });

  test('accepts the minimum rate limit of 10', () => {
    expect(() => aclStack({ rateLimit: 10 })).not.toThrow();
  });

  test('fails when the rate limit is not a whole number', () => {
    expect(() => aclStack({ rateLimit: 100.5 })).toThrow(/refuses rateLimit: 100\.5/);
  });

  test('fails when the rate limit is above 2,000,000,000', () => {
    expect(() => aclStack({ rateLimit: 2_000_000_001 })).toThrow(/refuses rateLimit: 2000000001/);
  });

  test('fails when the window is not 1, 2, 5 or 10 minutes', () => {
    expect(() => aclStack({ rateLimitWindow: Duration.minutes(3) })).toThrow(
      /refuses rateLimitWindow: 180 seconds: AWS WAF counts requests over 1, 2, 5 or 10 minutes \(Hardened-API2\)\. Fix: /,
    );
  });
});

describe('EdgeProtection: associations', () => {
  test('associate() associates a regional resource by ARN', () => {
    const { stack, acl } = aclStack();
    acl.associate('Pool', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc');
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc',
      WebACLArn: stack.resolve(acl.webAclArn),
    });
  });

  test('protectStage() associates a REST API stage in the stage\'s stack, which satisfies API2', () => {
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const shared = new Stack(app, 'Shared', { env });
    const acl = new EdgeProtection(shared, 'Waf');
    const stack = new Stack(app, 'Api', { env });
    const api = new apigateway.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigateway.MockIntegration(), { authorizationType: apigateway.AuthorizationType.IAM });
    acl.protectStage(api.deploymentStage);
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: stack.resolve(api.deploymentStage.stageArn),
    });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API2')).toEqual([]);
  });

  test('protectLoadBalancer() associates an application load balancer by its ARN', () => {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const acl = new EdgeProtection(stack, 'Waf');
    acl.protectLoadBalancer(alb);
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: stack.resolve(alb.loadBalancerArn) });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API2')).toEqual([]);
  });

  test('a CLOUDFRONT web ACL refuses associations (distributions take webAclId)', () => {
    const { acl } = aclStack({ webAclScope: WebAclScope.CLOUDFRONT });
    expect(() => acl.associate('X', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1')).toThrow(
      /cannot be associated with .*: it is a CLOUDFRONT web ACL.*\(Hardened-API2\)\. Fix: pass webAclId: protection\.webAclArn to the distribution/,
    );
  });
});

describe('EdgeProtection: guarantees', () => {
  test('has zero unacknowledged checklist findings with its defaults', () => {
    const { stack } = aclStack();
    expect(unacknowledged(stack)).toEqual([]);
  });

  test('has zero cdk-nag AwsSolutions errors with its defaults', () => {
    const { stack } = aclStack();
    expect(nagErrors(stack)).toEqual([]);
  });

  test('a stack of the entry points with their defaults has zero unacknowledged checklist findings and zero cdk-nag errors', () => {
    const stack = newStack();
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', certificateArn);
    const api = new HardenedRestApi(stack, 'Api', {
      domainName: { domainName: 'api.example.com', certificate },
      defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
    });
    api.root.addResource('items').addMethod('POST', new apigateway.MockIntegration());
    const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
    new HttpsLoadBalancer(stack, 'Web', {
      vpc,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn)],
      defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    new SecureDistribution(stack, 'Cdn', {
      defaultBehavior: { origin: new origins.HttpOrigin('origin.example.com') },
      domainNames: ['www.example.com'],
      certificate,
    });
    new EdgeProtection(stack, 'Shared', { sqlDatabase: true });

    expect(unacknowledged(stack)).toEqual([]);
    expect(nagErrors(stack)).toEqual([]);
  });
});
