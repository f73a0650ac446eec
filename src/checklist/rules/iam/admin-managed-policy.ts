import { contextFor } from './cdk-internal-findings';
import { MANAGED_POLICY_HOLDER_TYPES, PolicyValue, identityPolicies } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display, hasUnknownPart, isUnknown } from '../../values';

/**
 * True for the AWS managed policies CHECKLIST.md calls admin-level:
 * `AdministratorAccess` (and its service variants such as `AdministratorAccess-Amplify`),
 * `PowerUserAccess`, `IAMFullAccess` and every `*FullAccess` (`AmazonS3FullAccess`,
 * `AWSLambda_FullAccess`, `CloudWatchFullAccessV2`).
 */
export function isAdminLevelPolicyName(name: string): boolean {
  return /^(AdministratorAccess(-.+)?|PowerUserAccess|IAMFullAccess)$/i.test(name) || /FullAccess(_?v\d+)?$/i.test(name);
}

type Verdict = { kind: 'admin'; name: string } | { kind: 'maybe' } | { kind: 'ok' };

/** Judges one attachment: an ARN (`arn:aws:iam::aws:policy/AdministratorAccess`) or, in SAM, an AWS managed policy name. */
function judge(value: PolicyValue): Verdict {
  if (isUnknown(value)) return { kind: 'maybe' };
  let awsManaged: boolean | 'maybe' = true;
  let policyPath = value;
  if (value.startsWith('arn:')) {
    const parts = value.split(':');
    if (parts.length < 6) return hasUnknownPart(value) ? { kind: 'maybe' } : { kind: 'ok' };
    const account = parts[4];
    awsManaged = account === 'aws' ? true : hasUnknownPart(account) ? 'maybe' : false;
    policyPath = parts.slice(5).join(':');
    if (!/^policy\//.test(policyPath)) return hasUnknownPart(policyPath) && awsManaged !== false ? { kind: 'maybe' } : { kind: 'ok' };
    policyPath = policyPath.slice('policy/'.length);
  } else if (value.startsWith('⟪')) {
    return { kind: 'maybe' };
  } else if (value.startsWith('⟦')) {
    // A Ref/GetAtt of a policy in the template: a customer managed policy.
    return { kind: 'ok' };
  }
  if (awsManaged === false) return { kind: 'ok' };
  const segments = policyPath.split('/');
  const name = segments[segments.length - 1];
  // Service-role policies (`service-role/...`, `aws-service-role/...`) are not admin-level.
  if (segments.slice(0, -1).some((s) => /service-role$/i.test(s))) return { kind: 'ok' };
  if (hasUnknownPart(name)) return { kind: 'maybe' };
  if (!isAdminLevelPolicyName(name)) return { kind: 'ok' };
  return awsManaged === true ? { kind: 'admin', name } : { kind: 'maybe' };
}

/** IAM4: admin-level AWS managed policies attached to roles, users and groups. Detail: `ManagedPolicy::<name>`. */
export const IAM4: Rule = {
  id: 'IAM4',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'No admin-level AWS managed policy is attached to a role, user or group',
  explanation:
    'AdministratorAccess, PowerUserAccess, IAMFullAccess and the `*FullAccess` policies grant every action of one or all services on every resource. A workload or person holding one can do far more than it needs, and IAMFullAccess lets it grant itself anything.',
  fix: 'Replace the managed policy with a policy that lists the actions and resources needed. In CDK remove `iam.ManagedPolicy.fromAwsManagedPolicyName(\'...FullAccess\')` from `managedPolicies` and use `grant*` methods or `addToPolicy`; in CloudFormation remove the ARN from `ManagedPolicyArns` (or the name from a SAM function\'s `Policies`) and add scoped statements or a SAM policy template.',
  controls: ['IAM.1'],
  resourceTypes: MANAGED_POLICY_HOLDER_TYPES,
  check(resource, ctx) {
    ctx = contextFor(IAM4, resource, ctx);
    if (resource.unreadable) ctx.unresolved('Properties', `The managed policies of ${resource.displayName}`);
    const policies = identityPolicies(resource, ctx);
    for (const attachment of policies.attached) {
      const verdict = judge(attachment.value);
      if (verdict.kind === 'admin') {
        ctx.report({
          detail: `ManagedPolicy::${verdict.name}`,
          message: `${resource.displayName} attaches the admin-level AWS managed policy ${verdict.name} (${display(attachment.value)})`,
        });
      } else if (verdict.kind === 'maybe') {
        ctx.unresolved(attachment.path, `The managed policy ${display(attachment.value)} attached to ${resource.displayName}`);
      }
    }
  },
};
