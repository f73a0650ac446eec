import { contextFor } from './cdk-internal-findings';
import { describeUnknown, IDENTITY_POLICY_TYPES, identityPolicies } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** IAM3: Allow with NotAction or NotResource. Details: `NotAction`, `NotResource`. */
export const IAM3: Rule = {
  id: 'IAM3',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'Identity policies do not Allow with NotAction or NotResource',
  explanation:
    'An Allow with `NotAction` grants every action except the listed ones, and an Allow with `NotResource` every resource except the listed ones, including actions and resources AWS adds later. The grant is far wider than it reads.',
  fix: 'Rewrite the statement as an Allow of the specific actions (`Action`) on the specific resources (`Resource`); to carve out exceptions, add a separate Deny statement. In CDK, do not use `notActions`/`notResources` on an Allow `iam.PolicyStatement`.',
  controls: ['IAM.1'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, ctx) {
    ctx = contextFor(IAM3, resource, ctx);
    const policies = identityPolicies(resource, ctx);
    for (const part of policies.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of policies.statements) {
      if (!statement.allow) continue;
      if (statement.notAction !== undefined) {
        ctx.report({
          detail: 'NotAction',
          message: `${resource.displayName} allows every action except the ones listed in NotAction in ${statement.where}`,
        });
      }
      if (statement.notResource !== undefined) {
        ctx.report({
          detail: 'NotResource',
          message: `${resource.displayName} allows actions on every resource except the ones listed in NotResource in ${statement.where}`,
        });
      }
    }
  },
};
