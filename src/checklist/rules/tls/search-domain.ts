import { shallowOf, valuesOf } from './judge';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { asBool, isObject, isUncertain, isUnknown } from '../../values';

/**
 * How an OpenSearch/Elasticsearch `TLSSecurityPolicy` is judged: `Policy-Min-TLS-1-0-…`
 * and `…-1-1-…` are weak; `Policy-Min-TLS-1-2-…` (`-2019-07`, `-PFS-2023-10`, …)
 * and any later minimum (`Policy-Min-TLS-1-3-…`) are strong, by pattern, so new
 * policies pass without a release; anything else is unknown.
 */
export function searchPolicyStrength(policy: string): 'weak' | 'strong' | 'unknown' {
  const m = /^Policy-Min-TLS-(\d+)-(\d+)(?:-|$)/i.exec(policy.trim());
  if (!m) return 'unknown';
  return Number(m[1]) > 1 || Number(m[2]) >= 2 ? 'strong' : 'weak';
}

/** TLS6: OpenSearch/Elasticsearch domains enforce HTTPS with a TLS 1.2+ policy. */
export const TLS6: Rule = {
  id: 'TLS6',
  family: 'tls',
  severity: Severity.ERROR,
  title: 'An OpenSearch/Elasticsearch domain enforces HTTPS with a TLS 1.2 or newer policy',
  explanation:
    'Without `EnforceHTTPS` the domain endpoint answers plain HTTP, so queries, documents and credentials travel in clear text; `Policy-Min-TLS-1-0-2019-07` (the service default when none is set) still accepts TLS 1.0 and 1.1. Hardened constructs use `Policy-Min-TLS-1-2-PFS-2023-10`, which Security Hub control Opensearch.8 asks for.',
  fix: 'CDK: `enforceHttps: true` and `tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS` on the `opensearch.Domain`. CloudFormation: `DomainEndpointOptions: {EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10}` on the `AWS::OpenSearchService::Domain` (or `AWS::Elasticsearch::Domain`).',
  controls: ['Opensearch.8'],
  resourceTypes: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  references: [
    'https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html (EnforceHTTPS; TLSSecurityPolicy Policy-Min-TLS-1-0-2019-07, Policy-Min-TLS-1-2-2019-07, Policy-Min-TLS-1-2-PFS-2023-10)',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-8 (Opensearch.8: connections should use the latest TLS security policy)',
    'Weak: EnforceHTTPS absent or false; TLSSecurityPolicy absent (nothing requires TLS 1.2; the service default has been Policy-Min-TLS-1-0-2019-07) or Policy-Min-TLS-1-0-*/1-1-*. Every Policy-Min-TLS-1-2-* policy (and later minimums by pattern) passes.',
  ],
  check(domain, ctx) {
    for (const options of shallowOf(ctx, domain.prop('DomainEndpointOptions'))) {
      if (options !== undefined && !isObject(options)) {
        ctx.unresolved('Properties.DomainEndpointOptions', `The endpoint options of ${domain.displayName}`);
        continue;
      }
      const enforce = isObject(options) ? options.EnforceHTTPS : undefined;
      const policy = isObject(options) ? options.TLSSecurityPolicy : undefined;
      for (const v of valuesOf(ctx, enforce)) {
        const b = asBool(v);
        if (isUnknown(b)) {
          ctx.unresolved('Properties.DomainEndpointOptions.EnforceHTTPS', `Whether ${domain.displayName} enforces HTTPS`);
        } else if (b !== true) {
          ctx.report({ detail: 'EnforceHTTPS::false', message: `${domain.displayName} does not enforce HTTPS (EnforceHTTPS is ${v === undefined ? 'absent' : 'false'}), so its endpoint accepts plain HTTP` });
        }
      }
      for (const v of valuesOf(ctx, policy)) {
        if (v === undefined) {
          ctx.report({
            detail: 'TLSSecurityPolicy::none',
            message: `${domain.displayName} has no TLSSecurityPolicy, so nothing requires TLS 1.2 (the service default has been Policy-Min-TLS-1-0-2019-07, which accepts TLS 1.0 and 1.1)`,
          });
        } else if (isUncertain(v) || typeof v !== 'string') {
          ctx.unresolved('Properties.DomainEndpointOptions.TLSSecurityPolicy', `The TLS security policy of ${domain.displayName}`);
        } else {
          const strength = searchPolicyStrength(v);
          if (strength !== 'strong') {
            ctx.report({
              detail: `TLSSecurityPolicy::${v}`,
              message:
                strength === 'weak'
                  ? `${domain.displayName} uses TLS security policy ${v}, which accepts TLS older than 1.2`
                  : `${domain.displayName} uses TLS security policy ${v}, which is not a Policy-Min-TLS-1-2-* policy`,
            });
          }
        }
      }
    }
  },
};
