import { contextFor } from './cdk-internal-findings';
import { describeUnknown, IDENTITY_POLICY_TYPES, identityPolicies, judgedAllowStatements } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display, hasUnknownPart, isUnknown } from '../../values';

/** How much an action value grants. */
type Breadth = 'all' | 'service' | 'partial' | 'none';

function breadth(action: string): Breadth {
  const a = action.trim();
  if (/^\*+$/.test(a)) return 'all';
  const colon = a.indexOf(':');
  const service = colon < 0 ? '' : a.slice(0, colon);
  const name = colon < 0 ? a : a.slice(colon + 1);
  if (/^\*+$/.test(name)) return /^[*?]+$/.test(service) ? 'all' : 'service';
  return /[*?]/.test(a) ? 'partial' : 'none';
}

/** IAM1: wildcard actions in identity policies. */
export const IAM1: Rule = {
  id: 'IAM1',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'Identity policies allow no wildcard actions',
  explanation:
    'An Allow of `*` or `<service>:*` grants every action of a service, including the ones added to it later, so a compromised workload or leaked credential can do far more than the code needs (delete data, change policies, exfiltrate). Partial wildcards (`s3:Get*`) are narrower but still grant actions nobody reviewed; they are reported as warnings.',
  fix: 'List the specific actions the code calls. In CDK use `grant*` methods (`bucket.grantRead(fn)`) or `new iam.PolicyStatement({ actions: [\'s3:GetObject\'], resources: [...] })`; in CloudFormation name each action in the statement\'s `Action` instead of `*`, `<service>:*` or a pattern.',
  controls: ['IAM.1', 'IAM.21'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, ctx) {
    ctx = contextFor(IAM1, resource, ctx);
    const policies = identityPolicies(resource, ctx);
    for (const part of policies.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of judgedAllowStatements(policies)) {
      for (const value of statement.action ?? []) {
        if (isUnknown(value)) {
          ctx.unresolved(`${statement.path}.Action`, `An action in ${statement.where} of ${resource.displayName}`);
          continue;
        }
        // Parts the engine cannot spell: judge what is known, then what they could be.
        const known = breadth(value.replace(/⟦[^⟧]*⟧|⟪[^⟫]*⟫/g, 'x'));
        if (known === 'none') {
          if (hasUnknownPart(value) && breadth(value.replace(/⟦[^⟧]*⟧/g, 'x').replace(/⟪[^⟫]*⟫/g, '*')) !== 'none') {
            ctx.unresolved(`${statement.path}.Action`, `The action ${display(value)} in ${statement.where} of ${resource.displayName}`);
          }
          continue;
        }
        const shown = display(value);
        if (known === 'partial') {
          ctx.report({
            detail: `PartialWildcard::${shown}`,
            severity: Severity.WARNING,
            message: `${resource.displayName} allows the action pattern ${shown} in ${statement.where}; it grants every matching action, including ones added later`,
          });
        } else {
          const what = known === 'all' ? 'every action of every service' : `every action of ${shown.slice(0, shown.indexOf(':'))}`;
          ctx.report({
            detail: `Action::${shown}`,
            message: `${resource.displayName} allows ${shown} (${what}) in ${statement.where}`,
          });
        }
      }
    }
  },
};
