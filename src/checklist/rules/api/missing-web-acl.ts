import { allOf, anyOf, isAbsent, isLiteral, isWhollyUnknown, refTarget, Tri } from './helpers';
import { describeAssociation, loadBalancerAssociation, stageAssociation } from './web-acl-associations';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asList, isObject, isUnknown, specificHole, unknownHole } from '../../values';

interface Exposure {
  /** Whether the entry point is reachable from the internet (and can take a web ACL). */
  readonly exposed: Tri;
  /** The property that makes `exposed` unknown. */
  readonly path?: string;
}

/** Whether a REST API stage is public: its API's endpoint type is not PRIVATE. */
function stageExposure(ctx: RuleContext, apiIds: unknown[]): Exposure {
  const answers: Tri[] = [];
  for (const apiId of apiIds) {
    const id = refTarget(apiId);
    const api = id ? ctx.template.resource(id) : undefined;
    if (!api || api.type !== 'AWS::ApiGateway::RestApi') {
      // An API from outside the template: its endpoint type cannot be known.
      answers.push('unknown');
      continue;
    }
    for (const cfg of ctx.variants(api.prop('EndpointConfiguration'))) {
      if (isAbsent(cfg)) {
        answers.push('yes'); // EDGE by default
        continue;
      }
      const types = isObject(cfg) ? cfg.Types : cfg;
      if (isAbsent(types)) {
        answers.push('yes');
        continue;
      }
      if (isUnknown(types) || asList(types).some((t) => !isLiteral(t))) {
        answers.push('unknown');
        continue;
      }
      answers.push(asList(types).some((t) => String(t).toUpperCase() === 'PRIVATE') ? 'no' : 'yes');
    }
  }
  // Public when any alternative is public.
  const exposed = anyOf(answers);
  const unknownApi = apiIds.some((a) => {
    const id = refTarget(a);
    return !id || ctx.template.resourceType(id) !== 'AWS::ApiGateway::RestApi';
  });
  return { exposed, path: unknownApi ? 'Properties.RestApiId' : 'RestApi.EndpointConfiguration.Types' };
}

/** Whether an ELBv2 load balancer is an internet-facing application load balancer. */
function loadBalancerExposure(lb: ResourceView, ctx: RuleContext): Exposure {
  const scheme = anyOf(
    ctx.variants(lb.prop('Scheme')).map((s): Tri => (isAbsent(s) ? 'yes' : isLiteral(s) ? (s === 'internal' ? 'no' : 'yes') : 'unknown')),
  );
  const application = anyOf(
    ctx.variants(lb.prop('Type')).map((t): Tri => (isAbsent(t) ? 'yes' : isLiteral(t) ? (t === 'application' ? 'yes' : 'no') : 'unknown')),
  );
  const exposed = allOf([scheme, application]);
  return { exposed, path: scheme === 'unknown' ? 'Properties.Scheme' : 'Properties.Type' };
}

/** API2: internet-facing entry points have a WAF web ACL. */
export const API2: Rule = {
  id: 'API2',
  family: 'api',
  severity: Severity.WARNING,
  title: 'An internet-facing REST API stage, application load balancer or CloudFront distribution has an AWS WAF web ACL',
  explanation:
    'A web ACL filters requests before they reach your code: the AWS managed rule groups block common exploits (SQL injection, cross-site scripting, known bad inputs and IP addresses), and rate-based rules slow down credential stuffing and scraping. Without one, every request reaches the backend.',
  fix: "CDK: create a `wafv2.CfnWebACL` (with the AWS managed rule groups) and associate it: `new wafv2.CfnWebACLAssociation(this, 'Waf', { resourceArn: api.deploymentStage.stageArn, webAclArn: acl.attrArn })` for a REST API stage or `resourceArn: alb.loadBalancerArn` for a load balancer; for CloudFront pass `webAclId: acl.attrArn` (a CLOUDFRONT-scope web ACL in us-east-1) to the Distribution. CloudFormation: an `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` is the stage ARN or the load balancer, or `DistributionConfig.WebACLId`.",
  controls: ['APIGateway.4', 'ELB.16', 'CloudFront.6'],
  resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::CloudFront::Distribution'],
  references: ['https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html'],
  check(resource, ctx) {
    let exposure: Exposure;
    let protection: { answer: Tri; association?: ResourceView };
    let what: string;
    switch (resource.type) {
      case 'AWS::ApiGateway::Stage': {
        const apiIds = ctx.variants(resource.prop('RestApiId'));
        exposure = stageExposure(ctx, apiIds);
        if (exposure.exposed === 'no') return;
        // A stage name unknown at synth time (an import) could be any name, as a parameter's is.
        const stageNames = ctx.variants(resource.prop('StageName')).map((n) => (isUnknown(n) ? unknownHole(n.reason) : n));
        const names = [specificHole(`Ref.${resource.logicalId}`), ...stageNames.filter((n): n is string => typeof n === 'string')];
        protection = stageAssociation(
          resource,
          apiIds.filter((a): a is string => typeof a === 'string'),
          names,
        );
        what = 'is a public REST API stage';
        break;
      }
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        exposure = loadBalancerExposure(resource, ctx);
        if (exposure.exposed === 'no') return;
        protection = loadBalancerAssociation(resource, ctx.variants(resource.prop('Name')));
        what = 'is an internet-facing application load balancer';
        break;
      case 'AWS::CloudFront::Distribution': {
        exposure = { exposed: 'yes' };
        const answers = ctx.variants(resource.prop('DistributionConfig')).map((cfg): Tri => {
          if (isUnknown(cfg)) return 'unknown';
          const acl = isObject(cfg) ? cfg.WebACLId : undefined;
          if (isAbsent(acl) || acl === '') return 'no';
          return isWhollyUnknown(acl) ? 'unknown' : 'yes';
        });
        protection = { answer: allOf(answers) };
        what = 'is a CloudFront distribution';
        break;
      }
      default:
        return;
    }

    if (protection.answer === 'yes') return;
    if (exposure.exposed === 'yes' && protection.answer === 'no') {
      ctx.report({ message: `${resource.displayName} ${what} without an AWS WAF web ACL` });
      return;
    }
    if (protection.answer === 'unknown') {
      const path = resource.type === 'AWS::CloudFront::Distribution' ? 'Properties.DistributionConfig.WebACLId' : 'WebACLAssociation.ResourceArn';
      const via = protection.association ? ` (${describeAssociation(protection.association)} could name it)` : '';
      ctx.unresolved(path, `The web ACL of ${resource.displayName}${via}`);
    } else {
      ctx.unresolved(exposure.path ?? 'Properties', `Whether ${resource.displayName} is internet-facing`);
    }
  },
};
