import { child, getAttTarget, refTarget, valuesOf } from './judge';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asList, display, isObject, isUncertain, isUnknown } from '../../values';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';

/** What ELB does with an HTTPS/TLS listener that names no policy (CloudFormation, CLI, CDK). */
const DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

/**
 * How an Elastic Load Balancing security policy name is judged: `weak` when it
 * lets clients negotiate TLS 1.0 or 1.1 (or SSL), `strong` when its minimum is
 * TLS 1.2 or newer, `unknown` for a name that is neither (not a predefined policy).
 *
 * Names carry their minimum version: `ELBSecurityPolicy-TLS13-1-2-…`,
 * `…-TLS-1-2-…` and `…-FS-1-2-…` start at TLS 1.2, `…-1-0-…`/`…-1-1-…` at 1.0/1.1;
 * the old dated names without a version (`ELBSecurityPolicy-2016-08`,
 * `-2015-05`, `-FS-2018-06`, …) and the `ELBSample-*` policies allow TLS 1.0. A
 * policy AWS adds later under the same scheme is judged without a release.
 */
export function elbPolicyStrength(name: string): 'weak' | 'strong' | 'unknown' {
  const n = name.trim();
  const versioned = /^ELBSecurityPolicy-(?:TLS\d*|FS)-1-(\d)(?:-|$)/i.exec(n);
  if (versioned) return Number(versioned[1]) >= 2 ? 'strong' : 'weak';
  if (/^ELBSecurityPolicy-(?:FS-)?\d{4}-\d{2}$/i.test(n)) return 'weak';
  if (/^ELBSample-/i.test(n)) return 'weak';
  return 'unknown';
}

/** TLS4: load balancer listeners use HTTPS/TLS with a TLS 1.2+ policy, or redirect HTTP to HTTPS. */
export const TLS4: Rule = {
  id: 'TLS4',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'A load balancer listener serves only HTTPS/TLS with a TLS 1.2+ security policy, or redirects HTTP to HTTPS',
  explanation:
    'An HTTP listener that forwards requests carries them, cookies and tokens included, in clear text. An HTTPS or TLS listener without a security policy gets `ELBSecurityPolicy-2016-08` when created by CloudFormation or CDK, which, like the other legacy policies (including CDK\'s `SslPolicy.RECOMMENDED`), still accepts TLS 1.0 and 1.1.',
  fix: 'CDK: give HTTPS `ApplicationListener`s and TLS `NetworkListener`s `sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS` (or another TLS13-1-2/TLS13-1-3 policy; `SslPolicy.RECOMMENDED` is ELBSecurityPolicy-2016-08 and allows TLS 1.0), and make port 80 a redirect (`alb.addRedirect()` or `defaultAction: elbv2.ListenerAction.redirect({ protocol: \'HTTPS\', port: \'443\', permanent: true })`). CloudFormation: `SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06` on HTTPS/TLS listeners and a `redirect` default action with `RedirectConfig.Protocol: HTTPS` on HTTP listeners; for a classic load balancer, an HTTPS/SSL listener with a policy referencing `ELBSecurityPolicy-TLS-1-2-2017-01` instead of HTTP.',
  controls: ['ELB.1', 'ELB.17', 'ELB.18'],
  resourceTypes: [LISTENER, CLASSIC],
  references: [
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html (ALB policies and their TLS versions; a listener created by CloudFormation/CDK without a policy gets ELBSecurityPolicy-2016-08)',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html (NLB TLS listener policies)',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html (classic load balancer predefined policies)',
    'Weak (TLS 1.0/1.1): ELBSecurityPolicy-2016-08 (CDK SslPolicy.RECOMMENDED), ELBSecurityPolicy-2015-05, ELBSecurityPolicy-TLS-1-0-2015-04, ELBSecurityPolicy-TLS-1-1-2017-01, ELBSecurityPolicy-FS-2018-06, ELBSecurityPolicy-FS-1-1-2019-08, ELBSecurityPolicy-TLS13-1-0-2021-06, ELBSecurityPolicy-TLS13-1-1-2021-06, ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04, ELBSecurityPolicy-TLS13-1-0-PQ-2025-09, ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09, the classic ELBSecurityPolicy-2015-03/-2015-02/-2014-10/-2014-01/-2011-08 and ELBSample-* policies; by pattern every …-TLS13-1-0/1-1-…, …-TLS-1-0/1-1-…, …-FS-1-0/1-1-… and dated …-YYYY-MM name.',
    'TLS 1.2 or newer (pass): ELBSecurityPolicy-TLS13-1-2-2021-06 (CDK SslPolicy.RECOMMENDED_TLS), -TLS13-1-2-Res-2021-06, -TLS13-1-2-Ext1-2021-06, -TLS13-1-2-Ext2-2021-06, -TLS13-1-3-2021-06, the -FIPS-2023-04 and -PQ-2025-09 variants of TLS13-1-2/TLS13-1-3 (CDK SslPolicy.TLS13_12_PQ, the default under the usePostQuantumTlsPolicy feature flag), ELBSecurityPolicy-TLS-1-2-2017-01, -TLS-1-2-Ext-2018-06, -FS-1-2-2019-08, -FS-1-2-Res-2019-08, -FS-1-2-Res-2020-10; by pattern every …-TLS13-1-2/1-3-…, …-TLS-1-2-… and …-FS-1-2-… name.',
  ],
  check(resource, ctx) {
    if (resource.type === CLASSIC) judgeClassic(resource, ctx);
    else judgeListener(resource, ctx);
  },
};

function judgeListener(listener: ResourceView, ctx: RuleContext) {
  for (const protocol of valuesOf(ctx, listener.prop('Protocol'))) {
    if (protocol === undefined) continue; // a Gateway Load Balancer listener
    if (isUncertain(protocol) || typeof protocol !== 'string') {
      ctx.unresolved('Properties.Protocol', `The protocol of ${listener.displayName}`);
      continue;
    }
    const p = protocol.toUpperCase();
    if (p === 'HTTP') judgeHttpListener(listener, ctx);
    else if (p === 'HTTPS' || p === 'TLS') judgePolicyName(ctx, listener.prop('SslPolicy'), 'Properties.SslPolicy', `${p} listener ${listener.displayName}`);
    // TCP, UDP, TCP_UDP, GENEVE, QUIC: no HTTP to redirect and no policy to judge.
  }
}

/** Judges the `SslPolicy` of an HTTPS/TLS listener. */
function judgePolicyName(ctx: RuleContext, raw: unknown, path: string, what: string) {
  for (const v of valuesOf(ctx, raw)) {
    if (v === undefined) {
      ctx.report({
        detail: 'SslPolicy::none',
        message: `${what} has no SslPolicy, so it gets ${DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1`,
      });
    } else if (isUncertain(v) || typeof v !== 'string') {
      ctx.unresolved(path, `The security policy of ${what}`);
    } else {
      judgeNamed(ctx, v, what);
    }
  }
}

/** An HTTP listener passes only when its default action redirects to HTTPS and no listener rule serves content over it. */
function judgeHttpListener(listener: ResourceView, ctx: RuleContext) {
  const redirects = actionsRedirect(ctx, listener.prop('DefaultActions'));
  if (redirects === 'unknown') {
    ctx.unresolved('Properties.DefaultActions', `The default action of HTTP listener ${listener.displayName}`);
  } else if (redirects === 'no') {
    ctx.report({
      detail: 'Protocol::HTTP',
      message: `HTTP listener ${listener.displayName} serves requests in clear text: its default action does not redirect to HTTPS`,
    });
    return;
  }
  let unreadable: ResourceView | undefined;
  for (const rule of ctx.template.referencing(LISTENER_RULE, listener.logicalId)) {
    const attached = (v: unknown) => refTarget(v) === listener.logicalId || getAttTarget(v, 'ListenerArn') === listener.logicalId;
    if (!valuesOf(ctx, rule.prop('ListenerArn')).some(attached)) continue;
    const serves = actionsServe(ctx, rule.prop('Actions'));
    if (serves === 'yes') {
      ctx.report({
        detail: 'Protocol::HTTP',
        message: `HTTP listener ${listener.displayName} serves requests in clear text: listener rule ${rule.displayName} forwards them instead of redirecting to HTTPS`,
      });
      return;
    }
    if (serves === 'unknown') unreadable = unreadable ?? rule;
  }
  if (unreadable) {
    ctx.unresolved(`${unreadable.logicalId}.Actions`, `Whether listener rule ${unreadable.displayName} of HTTP listener ${listener.displayName} redirects to HTTPS`);
  }
}

/** Whether every alternative of an action list ends in a redirect to HTTPS. */
function actionsRedirect(ctx: RuleContext, raw: unknown): 'yes' | 'no' | 'unknown' {
  let out: 'yes' | 'no' | 'unknown' = 'yes';
  for (const actions of valuesOf(ctx, raw)) {
    if (isUnknown(actions)) {
      out = 'unknown';
      continue;
    }
    let found: 'yes' | 'no' | 'unknown' = 'no';
    for (const a of asList(actions)) {
      if (!isObject(a)) {
        if (isUnknown(a)) found = found === 'yes' ? 'yes' : 'unknown';
        continue;
      }
      const type = a.Type;
      const protocol = child(a.RedirectConfig, 'Protocol');
      if (isUncertain(type) || (typeof type === 'string' && type.toLowerCase() === 'redirect' && isUncertain(protocol))) {
        if (found !== 'yes') found = 'unknown';
      } else if (typeof type === 'string' && type.toLowerCase() === 'redirect' && typeof protocol === 'string' && protocol.toUpperCase() === 'HTTPS') {
        found = 'yes';
      }
    }
    if (found === 'no') return 'no';
    if (found === 'unknown') out = 'unknown';
  }
  return out;
}

/** Whether a listener rule's actions pass requests on (forward, authenticate) rather than redirecting or answering. */
function actionsServe(ctx: RuleContext, raw: unknown): 'yes' | 'no' | 'unknown' {
  let out: 'yes' | 'no' | 'unknown' = 'no';
  for (const actions of valuesOf(ctx, raw)) {
    if (isUnknown(actions)) {
      out = 'unknown';
      continue;
    }
    for (const a of asList(actions)) {
      const type = isObject(a) ? a.Type : a;
      if (isUncertain(type)) out = out === 'yes' ? 'yes' : 'unknown';
      else if (typeof type === 'string' && !['redirect', 'fixed-response'].includes(type.toLowerCase())) return 'yes';
    }
  }
  return out;
}

/**
 * A classic load balancer: HTTP listeners cannot redirect, so they fire; HTTPS/SSL
 * listeners need an SSL negotiation policy that allows TLS 1.2 and newer only.
 */
function judgeClassic(lb: ResourceView, ctx: RuleContext) {
  const policies = classicPolicies(ctx, lb.prop('Policies'));
  if (policies === undefined) {
    ctx.unresolved('Properties.Policies', `The policies of ${lb.displayName}`);
    return;
  }
  for (const listener of ctx.items(lb.prop('Listeners'))) {
    if (!isObject(listener)) {
      ctx.unresolved('Properties.Listeners', `A listener of ${lb.displayName}`);
      continue;
    }
    const [port] = valuesOf(ctx, listener.LoadBalancerPort);
    const what = `listener ${display(port)} of ${lb.displayName}`;
    for (const protocol of valuesOf(ctx, listener.Protocol)) {
      if (isUncertain(protocol) || typeof protocol !== 'string') {
        ctx.unresolved('Properties.Listeners.Protocol', `The protocol of ${what}`);
        continue;
      }
      const p = protocol.toUpperCase();
      if (p === 'HTTP') {
        ctx.report({
          detail: 'Protocol::HTTP',
          message: `HTTP ${what} serves requests in clear text (a classic load balancer cannot redirect to HTTPS)`,
        });
      } else if (p === 'HTTPS' || p === 'SSL') {
        judgeClassicListener(lb, ctx, listener, port, policies, `${p} ${what}`);
      }
    }
  }
}

interface ClassicPolicy {
  readonly name: unknown;
  readonly type: unknown;
  readonly attributes: Array<{ name: unknown; value: unknown }>;
  readonly ports: unknown[];
}

/** The policies of a classic load balancer, resolved; undefined when the list cannot be read. */
function classicPolicies(ctx: RuleContext, raw: unknown): ClassicPolicy[] | undefined {
  const out: ClassicPolicy[] = [];
  for (const p of ctx.items(raw)) {
    if (!isObject(p)) return undefined;
    const [name] = valuesOf(ctx, p.PolicyName);
    const [type] = valuesOf(ctx, p.PolicyType);
    const attributes = ctx.items(p.Attributes).map((a) => ({ name: valuesOf(ctx, child(a, 'Name'))[0], value: valuesOf(ctx, child(a, 'Value'))[0] }));
    const ports = ctx.items(p.LoadBalancerPorts).flatMap((x) => valuesOf(ctx, x));
    out.push({ name, type, attributes, ports });
  }
  return out;
}

function judgeClassicListener(
  lb: ResourceView,
  ctx: RuleContext,
  listener: Record<string, unknown>,
  port: unknown,
  policies: ClassicPolicy[],
  what: string,
) {
  const names = ctx.items(listener.PolicyNames).flatMap((x) => valuesOf(ctx, x));
  const applied: ClassicPolicy[] = [];
  for (const policy of policies) {
    if (isUncertain(policy.type) || typeof policy.type !== 'string') {
      ctx.unresolved('Properties.Policies.PolicyType', `The type of a policy of ${lb.displayName}`);
      return;
    }
    if (policy.type !== 'SSLNegotiationPolicyType') continue;
    const byName = names.some((n) => n === policy.name);
    const byPort = policy.ports.some((p) => String(p) === String(port));
    if (byName || byPort) applied.push(policy);
  }
  // A predefined policy named directly on the listener.
  const direct = names.filter((n) => typeof n === 'string' && !policies.some((p) => p.name === n) && elbPolicyStrength(n) !== 'unknown') as string[];
  if (names.some((n) => isUncertain(n))) {
    ctx.unresolved('Properties.Listeners.PolicyNames', `The policies of ${what}`);
    return;
  }
  if (applied.length === 0 && direct.length === 0) {
    ctx.report({
      detail: 'SslPolicy::none',
      message: `${what} has no SSL negotiation policy, so it gets ${DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1`,
    });
    return;
  }
  for (const name of direct) judgeNamed(ctx, name, what);
  for (const policy of applied) judgeClassicPolicy(lb, ctx, policy, what);
}

function judgeNamed(ctx: RuleContext, name: string, what: string) {
  const strength = elbPolicyStrength(name);
  if (strength === 'weak') {
    ctx.report({ detail: `SslPolicy::${name}`, message: `${what} uses security policy ${name}, which accepts TLS older than 1.2` });
  } else if (strength === 'unknown') {
    ctx.report({ detail: `SslPolicy::${name}`, message: `${what} uses security policy ${name}, which is not a predefined policy known to require TLS 1.2 or newer` });
  }
}

/** A classic SSL negotiation policy: a `Reference-Security-Policy`, or its own protocol attributes. */
function judgeClassicPolicy(lb: ResourceView, ctx: RuleContext, policy: ClassicPolicy, what: string) {
  const attr = (n: string) => policy.attributes.find((a) => typeof a.name === 'string' && a.name.toLowerCase() === n.toLowerCase());
  if (policy.attributes.some((a) => isUncertain(a.name) || isUncertain(a.value))) {
    ctx.unresolved('Properties.Policies.Attributes', `The SSL negotiation policy ${display(policy.name)} of ${lb.displayName}`);
    return;
  }
  const reference = attr('Reference-Security-Policy');
  if (reference && typeof reference.value === 'string') {
    judgeNamed(ctx, reference.value, what);
    return;
  }
  const on = (n: string) => {
    const a = attr(n);
    return a !== undefined && String(a.value).toLowerCase() === 'true';
  };
  const weak = ['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1'].filter(on);
  if (weak.length > 0) {
    ctx.report({
      detail: `SslPolicy::${display(policy.name)}`,
      message: `${what} uses SSL negotiation policy ${display(policy.name)}, which enables ${weak.map((w) => w.replace('Protocol-', '')).join(', ')}`,
    });
  } else if (!on('Protocol-TLSv1.2')) {
    ctx.report({
      detail: `SslPolicy::${display(policy.name)}`,
      message: `${what} uses SSL negotiation policy ${display(policy.name)}, which neither references a predefined policy nor enables only Protocol-TLSv1.2`,
    });
  }
}
