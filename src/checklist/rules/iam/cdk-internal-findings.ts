import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { isCdkInternal } from '../logging/cdk-internal';

/**
 * The rule context to judge `resource` with: unchanged for the user's resources; for a
 * role or policy aws-cdk-lib creates for itself (log retention, bucket auto-delete and
 * other provider functions), findings become `[CdkInternal]` warnings, since the user
 * cannot change those permissions (CHECKLIST.md, "Internal CDK resources").
 */
export function contextFor(rule: Rule, resource: ResourceView, ctx: RuleContext): RuleContext {
  if (!isCdkInternal(resource)) return ctx;
  const fix =
    `aws-cdk-lib creates ${resource.displayName} for itself and chooses its permissions: upgrade aws-cdk-lib if a newer release scopes them, ` +
    `or acknowledge Hardened-${rule.id}[CdkInternal] with a reason and an expiry date.`;
  const internal = (message: string) => `${message} (aws-cdk-lib creates this resource for itself)`;
  return {
    ...ctx,
    report: (hit) => ctx.report({ ...hit, detail: 'CdkInternal', severity: Severity.WARNING, message: internal(hit.message), fix }),
    unresolved: (path, what, target) =>
      ctx.report({ detail: 'CdkInternal', severity: Severity.WARNING, message: internal(`${what} cannot be verified at synth time (${path})`), target, fix }),
  };
}
