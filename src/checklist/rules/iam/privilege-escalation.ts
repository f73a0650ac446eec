import { contextFor } from './cdk-internal-findings';
import { reachTargets } from './policy-scope';
import { describeUnknown, IDENTITY_POLICY_TYPES, identityPolicies, judgedAllowStatements, listValues } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display } from '../../values';

/**
 * `iam:PassRole` and the IAM actions that let a principal raise its own privileges,
 * with the IAM resource types they act on. Granted on every resource of those types
 * (`*`, `role/*`, `user/*`, `group/*`, `policy/*`), each lets the holder become any
 * role or user of the account.
 */
const ESCALATION_ACTIONS: ReadonlyArray<{ action: string; types: readonly string[] }> = [
  { action: 'iam:PassRole', types: ['role'] },
  { action: 'iam:CreatePolicyVersion', types: ['policy'] },
  { action: 'iam:SetDefaultPolicyVersion', types: ['policy'] },
  { action: 'iam:AttachRolePolicy', types: ['role'] },
  { action: 'iam:PutRolePolicy', types: ['role'] },
  { action: 'iam:UpdateAssumeRolePolicy', types: ['role'] },
  { action: 'iam:PutRolePermissionsBoundary', types: ['role'] },
  { action: 'iam:DeleteRolePermissionsBoundary', types: ['role'] },
  { action: 'iam:AttachUserPolicy', types: ['user'] },
  { action: 'iam:PutUserPolicy', types: ['user'] },
  { action: 'iam:PutUserPermissionsBoundary', types: ['user'] },
  { action: 'iam:DeleteUserPermissionsBoundary', types: ['user'] },
  { action: 'iam:CreateAccessKey', types: ['user'] },
  { action: 'iam:CreateLoginProfile', types: ['user'] },
  { action: 'iam:UpdateLoginProfile', types: ['user'] },
  { action: 'iam:AttachGroupPolicy', types: ['group'] },
  { action: 'iam:PutGroupPolicy', types: ['group'] },
  { action: 'iam:AddUserToGroup', types: ['group'] },
];

const ESCALATION_TARGETS = ESCALATION_ACTIONS.map(({ action, types }) => ({ action, service: 'iam', types }));

/**
 * IAM7: `iam:PassRole` or privilege-escalation actions on every role/user.
 * Detail: `Action::<action value>` as written (`Action::iam:PassRole`, `Action::iam:*`).
 */
export const IAM7: Rule = {
  id: 'IAM7',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'iam:PassRole and privilege-escalation actions are limited to specific roles and users',
  explanation:
    '`iam:PassRole` on every role lets the holder hand any role, including admin roles, to a Lambda function, EC2 instance or other service it controls and act with that role\'s permissions. Actions such as `iam:CreatePolicyVersion`, `iam:AttachRolePolicy`, `iam:PutRolePolicy`, `iam:UpdateAssumeRolePolicy` and `iam:CreateAccessKey` on every role or user let it grant itself, or become, anything in the account.',
  fix: 'Name the specific roles, users or policies in `Resource` (for `iam:PassRole` add an `iam:PassedToService` condition). In CDK use `role.grantPassRole(principal)` or `resources: [role.roleArn]` on the `iam.PolicyStatement`; in CloudFormation replace `*`/`role/*` with the role ARNs (`!GetAtt Role.Arn`).',
  controls: ['IAM.1'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  references: ['Privilege escalation through IAM permissions: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html'],
  check(resource, ctx) {
    ctx = contextFor(IAM7, resource, ctx);
    const policies = identityPolicies(resource, ctx);
    for (const part of policies.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of judgedAllowStatements(policies)) {
      const resources = statement.resource ?? [];
      for (const value of statement.action ?? []) {
        const { granted, reached, uncertain } = reachTargets(value, resources, ESCALATION_TARGETS, display);
        if (granted.length > 0) {
          ctx.report({
            detail: `Action::${display(value)}`,
            message: `${resource.displayName} allows ${display(value)} (${listValues(granted, 4)}) on every ${typesOf(granted)} (${reached.join(', ')}) in ${statement.where}`,
          });
        } else if (uncertain !== undefined) {
          ctx.unresolved(
            `${statement.path}.${uncertain}`,
            `Whether ${display(value)} in ${statement.where} of ${resource.displayName} grants iam:PassRole or privilege escalation on every role or user`,
          );
        }
      }
    }
  },
};

function typesOf(actions: string[]): string {
  const types = new Set(actions.flatMap((a) => ESCALATION_ACTIONS.find((e) => e.action === a)!.types));
  return [...types].join('/');
}
