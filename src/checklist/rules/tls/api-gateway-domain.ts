import { child, getAttTarget, refTarget, shallowOf, valuesOf } from './judge';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asBool, display, isObject, isUncertain, isUnknown } from '../../values';

const REST_DOMAIN = 'AWS::ApiGateway::DomainName';
const HTTP_DOMAIN = 'AWS::ApiGatewayV2::DomainName';
const PRIVATE_DOMAIN = 'AWS::ApiGateway::DomainNameV2';
const SAM_REST_API = 'AWS::Serverless::Api';
const SAM_HTTP_API = 'AWS::Serverless::HttpApi';

/**
 * Whether an API Gateway security policy lets clients in below TLS 1.2. The weak ones
 * are named (`TLS_1_0`, and any `SecurityPolicy_TLS1x_1_0/1_1_*` by pattern); every
 * other policy (`TLS_1_2`, the enhanced `SecurityPolicy_*` policies, and policies
 * AWS adds later) has a minimum of TLS 1.2 or newer, so a new policy passes without a
 * release of this library. Hyphens and case are ignored (`SecurityPolicy-TLS13-1-0-…`).
 */
export function apiGatewayPolicyIsWeak(policy: string): boolean {
  const p = policy.trim().toUpperCase().replace(/-/g, '_');
  if (/^TLS_?1_?[01]$/.test(p)) return true;
  if (/^SECURITYPOLICY_TLS1\d_1_[01](_|$)/.test(p)) return true;
  return /^SECURITYPOLICY_TLS1[01](_|$)/.test(p);
}

/** TLS3: API Gateway custom domains only accept TLS 1.2 or newer. */
export const TLS3: Rule = {
  id: 'TLS3',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'An API Gateway custom domain only accepts TLS 1.2 or newer',
  explanation:
    'A custom domain\'s security policy sets the oldest TLS version API Gateway negotiates with clients. `TLS_1_0` (the default of a REST API custom domain created by CloudFormation or CDK without `SecurityPolicy`) accepts TLS 1.0 and 1.1, which have known weaknesses. A REST API that keeps its default `execute-api` endpoint can still be reached around the custom domain, where the endpoint\'s own policy (TLS 1.0 for edge-optimized and regional APIs) applies.',
  fix: 'CDK: `securityPolicy: apigateway.SecurityPolicy.TLS_1_2` (or an enhanced `SecurityPolicy.TLS13_*` policy with `endpointAccessMode`) on the `apigateway.DomainName` / `domainName` options, `apigatewayv2.DomainName` likewise; and `disableExecuteApiEndpoint: true` on a `RestApi` served through a custom domain. CloudFormation: `SecurityPolicy: TLS_1_2` on `AWS::ApiGateway::DomainName` (`DomainNameConfigurations[].SecurityPolicy` on `AWS::ApiGatewayV2::DomainName`, `Domain.SecurityPolicy` on a SAM API), and `DisableExecuteApiEndpoint: true` on the `AWS::ApiGateway::RestApi` (or `AWS::Serverless::Api`).',
  controls: ['CT.APIGATEWAY.PR.6'],
  resourceTypes: [REST_DOMAIN, HTTP_DOMAIN, PRIVATE_DOMAIN, SAM_REST_API, SAM_HTTP_API],
  references: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html (TLS_1_0 accepts TLS 1.0-1.3; TLS_1_2 and SecurityPolicy_* policies accept TLS 1.2 or newer; default execute-api endpoints use TLS-1-0 for edge-optimized and regional APIs)',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html (enhanced policies: SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_3_FIPS_2025_09, SecurityPolicy_TLS13_1_2_PQ_2025_09, SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09, SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09, SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09, SecurityPolicy_TLS13_1_2_2021_06, SecurityPolicy_TLS13_2025_EDGE, SecurityPolicy_TLS12_PFS_2025_EDGE, SecurityPolicy_TLS12_2018_EDGE)',
    'https://docs.aws.amazon.com/config/latest/developerguide/apigateway-domain-name-tls-check.html (AWS Config: only TLS_1_0 is below TLS 1.2)',
    'https://github.com/aws/aws-cdk/pull/6374 (AWS::ApiGateway::DomainName without SecurityPolicy is created with TLS_1_0)',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html (disable the default execute-api endpoint)',
    'Weak: TLS_1_0 (and SecurityPolicy_TLS1x_1_0_* / _1_1_* by pattern); an AWS::ApiGateway::DomainName without SecurityPolicy counts as TLS_1_0. AWS::ApiGatewayV2::DomainName and AWS::ApiGateway::DomainNameV2 without one use TLS_1_2 (HTTP, WebSocket and private APIs only support TLS 1.2 or newer). Every other policy passes. SAM: the Domain of an AWS::Serverless::Api is judged like a REST custom domain (with its DisableExecuteApiEndpoint), that of an AWS::Serverless::HttpApi like an HTTP one.',
  ],
  check(domain, ctx) {
    if (domain.type === SAM_REST_API || domain.type === SAM_HTTP_API) {
      judgeSamApi(domain, ctx);
      return;
    }
    if (domain.type === HTTP_DOMAIN) {
      for (const config of ctx.items(domain.prop('DomainNameConfigurations'))) {
        judgePolicy(domain, ctx, child(config, 'SecurityPolicy'), 'Properties.DomainNameConfigurations.SecurityPolicy', false);
      }
    } else {
      judgePolicy(domain, ctx, domain.prop('SecurityPolicy'), 'Properties.SecurityPolicy', domain.type === REST_DOMAIN);
    }
    judgeExecuteApiEndpoints(domain, ctx);
  },
};

/**
 * Judges one `SecurityPolicy` value. Absent means `TLS_1_0` for a REST custom domain
 * (`absentIsWeak`) and `TLS_1_2` otherwise.
 */
function judgePolicy(domain: ResourceView, ctx: RuleContext, raw: unknown, path: string, absentIsWeak: boolean) {
  for (const v of valuesOf(ctx, raw)) {
    if (v === undefined) {
      if (absentIsWeak) {
        ctx.report({
          detail: 'SecurityPolicy::none',
          message: `${domain.displayName} has no SecurityPolicy, so API Gateway creates it with TLS_1_0, which accepts TLS 1.0 and 1.1`,
        });
      }
    } else if (isUncertain(v) || typeof v !== 'string') {
      ctx.unresolved(path, `The security policy of ${domain.displayName}`);
    } else if (apiGatewayPolicyIsWeak(v)) {
      ctx.report({
        detail: `SecurityPolicy::${v}`,
        message: `${domain.displayName} uses security policy ${v}, which accepts TLS older than 1.2`,
      });
    }
  }
}

/** A SAM API with a `Domain`: its security policy, and for a REST API its own `DisableExecuteApiEndpoint`. */
function judgeSamApi(api: ResourceView, ctx: RuleContext) {
  const rest = api.type === SAM_REST_API;
  for (const domain of shallowOf(ctx, api.prop('Domain'))) {
    if (domain === undefined) continue; // no custom domain
    if (!isObject(domain)) {
      ctx.unresolved('Properties.Domain', `The custom domain of ${api.displayName}`);
      continue;
    }
    judgePolicy(api, ctx, domain.SecurityPolicy, 'Properties.Domain.SecurityPolicy', rest);
    if (rest) judgeRestApi(api, api, ctx);
  }
}

/** The mapping types that attach an API to each kind of custom domain, with the property naming the API. */
const MAPPINGS: Record<string, Array<{ type: string; domainProp: string; apiProp: string; restOnly: boolean }>> = {
  [REST_DOMAIN]: [
    { type: 'AWS::ApiGateway::BasePathMapping', domainProp: 'DomainName', apiProp: 'RestApiId', restOnly: true },
    { type: 'AWS::ApiGatewayV2::ApiMapping', domainProp: 'DomainName', apiProp: 'ApiId', restOnly: false },
  ],
  [HTTP_DOMAIN]: [
    { type: 'AWS::ApiGateway::BasePathMapping', domainProp: 'DomainName', apiProp: 'RestApiId', restOnly: true },
    { type: 'AWS::ApiGatewayV2::ApiMapping', domainProp: 'DomainName', apiProp: 'ApiId', restOnly: false },
  ],
  [PRIVATE_DOMAIN]: [{ type: 'AWS::ApiGateway::BasePathMappingV2', domainProp: 'DomainNameArn', apiProp: 'RestApiId', restOnly: true }],
};

/**
 * The `execute-api` warning. It lands on the custom domain, as every TLS3 finding
 * does (CHECKLIST.md): the default endpoint only matters because the domain exists
 * (an API without a custom domain is meant to be called on `execute-api`), the
 * domain is what promises clients a TLS policy, and an API mapped to several domains
 * is reported, and acknowledged, once per domain whose policy it undermines.
 */
function judgeExecuteApiEndpoints(domain: ResourceView, ctx: RuleContext) {
  const seen = new Set<string>();
  for (const m of MAPPINGS[domain.type] ?? []) {
    for (const mapping of ctx.template.referencing(m.type, domain.logicalId)) {
      const domains = valuesOf(ctx, mapping.prop(m.domainProp));
      const mapsThisDomain = domains.some((d) => refTarget(d) === domain.logicalId || getAttTarget(d, 'DomainNameArn') === domain.logicalId);
      if (!mapsThisDomain) continue;
      for (const apiRef of valuesOf(ctx, mapping.prop(m.apiProp))) {
        const apiId = refTarget(apiRef);
        const api = apiId ? ctx.template.resource(apiId) : undefined;
        if (api?.type === 'AWS::ApiGatewayV2::Api') continue; // an HTTP or WebSocket API: TLS 1.2 only
        if (api?.type !== 'AWS::ApiGateway::RestApi') {
          // An API from elsewhere: a REST API for a base path mapping; an API mapping may name an HTTP API, which is not judged.
          if (m.restOnly) {
            ctx.report({
              detail: `Unresolved::${mapping.logicalId}.${m.apiProp}`,
              severity: Severity.WARNING,
              message: `${domain.displayName} serves a REST API (${display(apiRef)}) defined outside this template; whether its default execute-api endpoint is disabled cannot be verified at synth time`,
            });
          }
          continue;
        }
        if (seen.has(api.logicalId)) continue;
        seen.add(api.logicalId);
        judgeRestApi(domain, api, ctx);
      }
    }
  }
}

function judgeRestApi(domain: ResourceView, api: ResourceView, ctx: RuleContext) {
  const lead = domain === api ? `${api.displayName} has a custom domain but` : `${domain.displayName} serves REST API ${api.displayName}, which`;
  const fix =
    'CDK: `disableExecuteApiEndpoint: true` on the `RestApi` (clients then use only the custom domain). CloudFormation: `DisableExecuteApiEndpoint: true` on the `AWS::ApiGateway::RestApi`.';
  for (const v of valuesOf(ctx, api.prop('DisableExecuteApiEndpoint'))) {
    const b = asBool(v);
    if (b === undefined || b === false) {
      ctx.report({
        detail: `ExecuteApiEndpoint::${api.logicalId}`,
        severity: Severity.WARNING,
        message: `${lead} keeps its default execute-api endpoint (DisableExecuteApiEndpoint is not true): clients can bypass the domain's security policy, and that endpoint accepts TLS 1.0`,
        fix,
      });
    } else if (isUnknown(b)) {
      ctx.report({
        detail: `Unresolved::${api.logicalId}.DisableExecuteApiEndpoint`,
        severity: Severity.WARNING,
        message: `${lead} has a DisableExecuteApiEndpoint (${display(v)}) that cannot be verified at synth time`,
        fix,
      });
    }
  }
}
