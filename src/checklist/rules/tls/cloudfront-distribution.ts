import { child, getAttTarget, shallowOf, valuesOf } from './judge';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asBool, display, isObject, isUncertain, isUnknown } from '../../values';

const DISTRIBUTION = 'AWS::CloudFront::Distribution';
const VPC_ORIGIN = 'AWS::CloudFront::VpcOrigin';

/** Origin SSL protocols below TLS 1.2, weakest first. */
const WEAK_ORIGIN_PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1'];
/** What CloudFormation sends when `OriginSSLProtocols` is absent. */
const DEFAULT_ORIGIN_PROTOCOLS = ['TLSv1', 'SSLv3'];

/**
 * How a viewer `MinimumProtocolVersion` is judged: `SSLv3`, `TLSv1`, `TLSv1_2016` and
 * `TLSv1.1_2016` are weak; `TLSv1.2_*`, `TLSv1.3_*` (and any later `TLSv1.N_*` or
 * `TLSvN…`) are strong, so policies CloudFront adds later pass without a release;
 * anything else is unknown.
 */
export function viewerPolicyStrength(v: string): 'weak' | 'strong' | 'unknown' {
  const s = v.trim();
  if (/^SSLv\d/i.test(s)) return 'weak';
  const m = /^TLSv(\d+)(?:\.(\d+))?(?:_\d{4})?$/i.exec(s);
  if (!m) return 'unknown';
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  return major > 1 || minor >= 2 ? 'strong' : 'weak';
}

/** What one distribution does wrong, gathered over every alternative of its configuration. */
class Problems {
  public readonly allowAll = new Set<string>();
  public defaultCertificate = false;
  public readonly weakMinimum = new Set<string>();
  public readonly unknownMinimum = new Set<string>();
  public missingMinimum = false;
  public readonly httpOnly = new Set<string>();
  public readonly matchViewer = new Set<string>();
  public readonly weakOrigin = new Map<string, Set<string>>();
  /** Origins without `OriginSSLProtocols` (CloudFormation's default applies). */
  public readonly defaultOriginProtocols = new Set<string>();
  public readonly unresolved = new Map<string, string>();

  public addWeakOrigin(origin: string, protocols: string[]) {
    const set = this.weakOrigin.get(origin) ?? new Set<string>();
    protocols.forEach((p) => set.add(p));
    this.weakOrigin.set(origin, set);
  }
}

/** TLS5: CloudFront distributions use HTTPS with TLS 1.2+ towards viewers and custom origins. */
export const TLS5: Rule = {
  id: 'TLS5',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'A CloudFront distribution uses HTTPS with TLS 1.2 or newer towards viewers and custom origins',
  explanation:
    'A behavior with `allow-all` serves content over plain HTTP; a minimum protocol version below `TLSv1.2_2018` (and the default `*.cloudfront.net` certificate, which CloudFront always serves with TLSv1) accepts TLS 1.0 and 1.1; a custom origin reached with `http-only` (or `match-viewer` behind an `allow-all` behavior) carries the traffic in clear text from the edge to the origin, and origin SSL protocols SSLv3, TLSv1 or TLSv1.1 let that leg fall back to broken protocols.',
  fix: 'CDK: `viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS` (or `HTTPS_ONLY`) on every behavior; a `certificate` and `domainNames` with `minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021`; `origins.HttpOrigin` with `protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY` and `originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2]`. CloudFormation: `ViewerProtocolPolicy: redirect-to-https`, `ViewerCertificate` with `AcmCertificateArn` and `MinimumProtocolVersion: TLSv1.2_2021`, and `CustomOriginConfig` with `OriginProtocolPolicy: https-only` and `OriginSSLProtocols: [TLSv1.2]`.',
  controls: ['CloudFront.3', 'CloudFront.9', 'CloudFront.10', 'CloudFront.15'],
  resourceTypes: [DISTRIBUTION],
  references: [
    'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html (viewer security policies: SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016 accept TLS below 1.2; TLSv1.2_2018, TLSv1.2_2019, TLSv1.2_2021, TLSv1.2_2025, TLSv1.3_2025 do not)',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-viewercertificate.html (CloudFrontDefaultCertificate: true sets the security policy to TLSv1 whatever MinimumProtocolVersion says)',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-customoriginconfig.html (OriginProtocolPolicy http-only | match-viewer | https-only; OriginSSLProtocols SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2, CloudFormation sends TLSv1 and SSLv3 when absent)',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html (CloudFront.3, .9, .10, .15)',
    'Weak viewer policies: SSLv3, TLSv1, TLSv1_2016, TLSv1.1_2016, and no ViewerCertificate or CloudFrontDefaultCertificate (TLSv1); a custom certificate without MinimumProtocolVersion counts as TLSv1. Every TLSv1.2_*/TLSv1.3_* policy (and later ones by pattern) passes. Weak origin protocols: SSLv3, TLSv1, TLSv1.1.',
  ],
  check(distribution, ctx) {
    const problems = new Problems();
    for (const config of shallowOf(ctx, distribution.prop('DistributionConfig'))) {
      if (!isObject(config)) {
        problems.unresolved.set('Properties.DistributionConfig', `The configuration of ${distribution.displayName}`);
        continue;
      }
      const viewerPolicyByOrigin = judgeBehaviors(ctx, config, problems);
      judgeCertificate(ctx, config, problems);
      judgeOrigins(ctx, config, viewerPolicyByOrigin, problems);
    }
    report(distribution, ctx, problems);
  },
};

/** Collects `allow-all` behaviors; returns, per origin ID, whether a behavior lets HTTP viewers reach it. */
function judgeBehaviors(ctx: RuleContext, config: Record<string, unknown>, problems: Problems): Map<string, 'yes' | 'unknown'> {
  const httpReachable = new Map<string, 'yes' | 'unknown'>();
  const behaviors: Array<[string, unknown, string]> = [];
  for (const b of shallowOf(ctx, config.DefaultCacheBehavior)) behaviors.push(['the default behavior', b, 'Properties.DistributionConfig.DefaultCacheBehavior']);
  for (const b of ctx.items(config.CacheBehaviors)) {
    const [pattern] = valuesOf(ctx, child(b, 'PathPattern'));
    behaviors.push([`behavior ${display(pattern)}`, b, 'Properties.DistributionConfig.CacheBehaviors']);
  }
  for (const [label, behavior, path] of behaviors) {
    if (behavior === undefined) continue;
    if (!isObject(behavior)) {
      problems.unresolved.set(path, 'A cache behavior');
      continue;
    }
    const targets = valuesOf(ctx, behavior.TargetOriginId);
    for (const policy of valuesOf(ctx, behavior.ViewerProtocolPolicy)) {
      let reach: 'yes' | 'unknown' | undefined;
      if (isUncertain(policy) || typeof policy !== 'string') {
        problems.unresolved.set(`${path}.ViewerProtocolPolicy`, `The viewer protocol policy of ${label}`);
        reach = 'unknown';
      } else if (policy.toLowerCase() === 'allow-all') {
        problems.allowAll.add(label);
        reach = 'yes';
      }
      if (!reach) continue;
      for (const t of targets) {
        const key = typeof t === 'string' ? t : '*';
        if (httpReachable.get(key) !== 'yes') httpReachable.set(key, reach);
      }
    }
  }
  return httpReachable;
}

function judgeCertificate(ctx: RuleContext, config: Record<string, unknown>, problems: Problems) {
  for (const cert of shallowOf(ctx, config.ViewerCertificate)) {
    if (cert === undefined) {
      problems.defaultCertificate = true;
      continue;
    }
    if (!isObject(cert)) {
      problems.unresolved.set('Properties.DistributionConfig.ViewerCertificate', 'The viewer certificate');
      continue;
    }
    const custom = cert.AcmCertificateArn !== undefined || cert.IamCertificateId !== undefined;
    for (const d of valuesOf(ctx, cert.CloudFrontDefaultCertificate)) {
      const isDefault = asBool(d);
      if (isUnknown(isDefault)) {
        problems.unresolved.set('Properties.DistributionConfig.ViewerCertificate.CloudFrontDefaultCertificate', 'Whether the default certificate is used');
      } else if (isDefault === true || !custom) {
        problems.defaultCertificate = true;
      } else {
        for (const v of valuesOf(ctx, cert.MinimumProtocolVersion)) {
          if (v === undefined) {problems.missingMinimum = true;} else if (isUncertain(v) || typeof v !== 'string') {
            problems.unresolved.set('Properties.DistributionConfig.ViewerCertificate.MinimumProtocolVersion', 'The minimum protocol version');
          } else {
            const strength = viewerPolicyStrength(v);
            if (strength === 'weak') problems.weakMinimum.add(v);
            else if (strength === 'unknown') problems.unknownMinimum.add(v);
          }
        }
      }
    }
  }
}

function judgeOrigins(ctx: RuleContext, config: Record<string, unknown>, httpReachable: Map<string, 'yes' | 'unknown'>, problems: Problems) {
  const origins: Array<[string, unknown, string]> = [];
  for (const o of ctx.items(config.Origins)) {
    if (!isObject(o)) {
      problems.unresolved.set('Properties.DistributionConfig.Origins', 'An origin');
      continue;
    }
    const [id] = valuesOf(ctx, o.Id);
    const label = typeof id === 'string' ? id : display(id);
    for (const c of shallowOf(ctx, o.CustomOriginConfig)) {
      if (c !== undefined) origins.push([label, c, 'Properties.DistributionConfig.Origins.CustomOriginConfig']);
    }
    judgeVpcOrigin(ctx, o, label, problems);
  }
  // The legacy single custom origin.
  for (const c of shallowOf(ctx, config.CustomOrigin)) {
    if (c !== undefined) origins.push(['CustomOrigin', c, 'Properties.DistributionConfig.CustomOrigin']);
  }
  for (const [id, c, path] of origins) {
    if (!isObject(c)) {
      problems.unresolved.set(path, `The custom origin ${id}`);
      continue;
    }
    judgeOriginProtocols(ctx, id, c, path, reachability(httpReachable, id), problems);
  }
}

function reachability(httpReachable: Map<string, 'yes' | 'unknown'>, id: string): 'yes' | 'no' | 'unknown' {
  return httpReachable.get(id) ?? httpReachable.get('*') ?? 'no';
}

/** `OriginProtocolPolicy` and `OriginSSLProtocols` of a custom origin (or a VPC origin's endpoint). */
function judgeOriginProtocols(
  ctx: RuleContext,
  id: string,
  c: Record<string, unknown>,
  path: string,
  viewersOnHttp: 'yes' | 'no' | 'unknown',
  problems: Problems,
) {
  for (const policy of valuesOf(ctx, c.OriginProtocolPolicy)) {
    if (isUncertain(policy) || typeof policy !== 'string') {
      problems.unresolved.set(`${path}.OriginProtocolPolicy`, `The origin protocol policy of ${id}`);
      continue;
    }
    const p = policy.toLowerCase();
    if (p === 'http-only') {
      problems.httpOnly.add(id);
      continue;
    }
    if (p === 'match-viewer') {
      if (viewersOnHttp === 'yes') problems.matchViewer.add(id);
      else if (viewersOnHttp === 'unknown') problems.unresolved.set(`${path}.OriginProtocolPolicy`, `Whether viewers reach origin ${id} (match-viewer) over HTTP`);
    }
    judgeSslProtocols(ctx, id, c.OriginSSLProtocols, path, problems);
  }
}

function judgeSslProtocols(ctx: RuleContext, id: string, raw: unknown, path: string, problems: Problems) {
  for (const list of valuesOf(ctx, raw)) {
    if (list === undefined) {
      problems.addWeakOrigin(id, DEFAULT_ORIGIN_PROTOCOLS);
      problems.defaultOriginProtocols.add(id);
      continue;
    }
    if (!Array.isArray(list)) {
      problems.unresolved.set(`${path}.OriginSSLProtocols`, `The SSL protocols of origin ${id}`);
      continue;
    }
    if (list.some(isUncertain)) {
      problems.unresolved.set(`${path}.OriginSSLProtocols`, `The SSL protocols of origin ${id}`);
    }
    const weak = list.filter((p): p is string => typeof p === 'string' && WEAK_ORIGIN_PROTOCOLS.some((w) => w.toLowerCase() === p.trim().toLowerCase()));
    if (weak.length > 0) problems.addWeakOrigin(id, weak);
  }
}

/** An origin that points at an `AWS::CloudFront::VpcOrigin` of this template: judge its endpoint settings. */
function judgeVpcOrigin(ctx: RuleContext, origin: Record<string, unknown>, label: string, problems: Problems) {
  for (const cfg of shallowOf(ctx, origin.VpcOriginConfig)) {
    if (!isObject(cfg)) continue;
    for (const ref of valuesOf(ctx, cfg.VpcOriginId)) {
      const vpcOriginId = getAttTarget(ref, 'Id');
      const vpcOrigin = vpcOriginId ? ctx.template.resource(vpcOriginId) : undefined;
      if (vpcOrigin?.type !== VPC_ORIGIN) continue; // defined elsewhere: judged where it is defined
      const path = `${vpcOrigin.logicalId}.VpcOriginEndpointConfig`;
      for (const endpoint of shallowOf(ctx, vpcOrigin.prop('VpcOriginEndpointConfig'))) {
        if (isObject(endpoint)) judgeOriginProtocols(ctx, label, endpoint, path, 'no', problems);
        else problems.unresolved.set(path, `The endpoint of VPC origin ${vpcOrigin.logicalId}`);
      }
    }
  }
}

function report(distribution: ResourceView, ctx: RuleContext, p: Problems) {
  const name = distribution.displayName;
  const list = (s: Iterable<string>) => [...s].join(', ');
  if (p.allowAll.size > 0) {
    ctx.report({
      detail: 'ViewerProtocolPolicy::allow-all',
      message: `${name} serves viewers over plain HTTP: ViewerProtocolPolicy allow-all on ${list(p.allowAll)}`,
    });
  }
  if (p.defaultCertificate) {
    ctx.report({
      detail: 'ViewerCertificate::CloudFrontDefaultCertificate',
      message: `${name} uses the default *.cloudfront.net certificate, with which CloudFront accepts TLSv1 whatever the minimum protocol version says`,
    });
  }
  for (const v of p.weakMinimum) {
    ctx.report({ detail: `MinimumProtocolVersion::${v}`, message: `${name} has minimum protocol version ${v}, which accepts TLS older than 1.2 (use TLSv1.2_2021 or newer)` });
  }
  for (const v of p.unknownMinimum) {
    ctx.report({ detail: `MinimumProtocolVersion::${v}`, message: `${name} has minimum protocol version ${v}, which is not a security policy known to require TLS 1.2 or newer` });
  }
  if (p.missingMinimum) {
    ctx.report({ detail: 'MinimumProtocolVersion::none', message: `${name} has a custom certificate but no MinimumProtocolVersion, so CloudFront uses TLSv1` });
  }
  if (p.httpOnly.size > 0) {
    ctx.report({
      detail: 'OriginProtocolPolicy::http-only',
      message: `${name} talks to custom origin ${list(p.httpOnly)} over plain HTTP (OriginProtocolPolicy http-only)`,
    });
  }
  if (p.matchViewer.size > 0) {
    ctx.report({
      detail: 'OriginProtocolPolicy::match-viewer',
      message: `${name} talks to custom origin ${list(p.matchViewer)} over plain HTTP whenever a viewer does (OriginProtocolPolicy match-viewer behind an allow-all behavior)`,
    });
  }
  if (p.weakOrigin.size > 0) {
    const all = new Set([...p.weakOrigin.values()].flatMap((s) => [...s]));
    const weakest = WEAK_ORIGIN_PROTOCOLS.find((w) => [...all].some((a) => a.toLowerCase() === w.toLowerCase())) ?? [...all][0];
    const parts = [...p.weakOrigin].map(
      ([id, set]) => `${id} (${[...set].join(', ')}${p.defaultOriginProtocols.has(id) ? ': no OriginSSLProtocols, so CloudFormation sends TLSv1 and SSLv3' : ''})`,
    );
    ctx.report({ detail: `OriginSSLProtocols::${weakest}`, message: `${name} allows origin SSL protocols below TLS 1.2 for ${parts.join('; ')}` });
  }
  for (const [path, what] of p.unresolved) ctx.unresolved(path, `${what} of ${name}`);
}
