import { resolvedValues } from './policy-statements';
import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { display, isUnknown, specificHole } from '../../values';

/** Policy resources that attach to users, and the property that names the users. */
const ATTACHING: ReadonlyArray<{ type: string; prop: string }> = [
  { type: 'AWS::IAM::Policy', prop: 'Users' },
  { type: 'AWS::IAM::ManagedPolicy', prop: 'Users' },
  { type: 'AWS::IAM::UserPolicy', prop: 'UserName' },
];

/** The user names (resolved) a policy resource attaches to. */
function usersOf(policy: ResourceView, prop: string, ctx: RuleContext) {
  const raw = policy.prop(prop);
  if (raw === undefined) return [];
  return ctx.items(raw).flatMap((item) => resolvedValues(item, ctx));
}

function hasValue(raw: unknown, ctx: RuleContext): boolean {
  if (raw === undefined) return false;
  return ctx.variants(raw).some((v) => v !== NO_VALUE && v !== undefined && v !== null);
}

/**
 * IAM6: IAM users with policies attached directly or a console password.
 *
 * On a user: details `Policies` (inline), `ManagedPolicyArns`, `AttachedPolicies`
 * (`AWS::IAM::Policy`/`ManagedPolicy`/`UserPolicy` of the template naming the user) and
 * `LoginProfile`. A policy resource that attaches to a user not defined in the
 * template (a name, a parameter) is reported on the policy, detail `User::<name>`.
 */
export const IAM6: Rule = {
  id: 'IAM6',
  family: 'iam',
  severity: Severity.WARNING,
  title: 'IAM users get no directly attached policies and no console password',
  explanation:
    'Permissions attached to individual users drift apart and are hard to review, and a console password is a long-lived credential that can be phished or guessed. People should sign in through IAM Identity Center (SSO) or assume roles; where IAM users must exist, their permissions come from groups.',
  fix: 'Use IAM Identity Center or roles for people. Where an IAM user is unavoidable, put it in a group and attach policies to the group (CDK `group.addUser(user)`, `group.addManagedPolicy(...)`, `group.addToPolicy(...)` instead of the user\'s `managedPolicies`/`addToPolicy`; CloudFormation `Groups` on the user instead of `Policies`/`ManagedPolicyArns`), and remove the console password (CDK `password`, CloudFormation `LoginProfile`).',
  controls: ['IAM.2', 'IAM.5'],
  resourceTypes: ['AWS::IAM::User', ...ATTACHING.map((a) => a.type)],
  check(resource, ctx) {
    if (resource.type === 'AWS::IAM::User') {
      checkUser(resource, ctx);
      return;
    }
    const prop = ATTACHING.find((a) => a.type === resource.type)!.prop;
    for (const user of usersOf(resource, prop, ctx)) {
      if (isUnknown(user)) {
        ctx.unresolved(`Properties.${prop}`, `The users ${resource.displayName} attaches to`);
        continue;
      }
      const m = /^⟦Ref\.([^⟧]+)⟧$/.exec(user);
      if (m && ctx.template.resourceType(m[1]) === 'AWS::IAM::User') continue; // reported on the user
      ctx.report({
        detail: `User::${display(user)}`,
        message: `${resource.displayName} attaches its permissions directly to the IAM user ${display(user)}`,
      });
    }
  },
};

function checkUser(user: ResourceView, ctx: RuleContext) {
  const name = user.displayName;
  if (user.unreadable) {
    ctx.unresolved('Properties', `The properties of ${name}`);
    return;
  }
  const policies = user.prop('Policies');
  if (policies !== undefined && ctx.items(policies).length > 0) {
    ctx.report({ detail: 'Policies', message: `${name} has inline policies attached directly to the user` });
  }
  const managed = user.prop('ManagedPolicyArns');
  if (managed !== undefined && ctx.items(managed).length > 0) {
    ctx.report({ detail: 'ManagedPolicyArns', message: `${name} has managed policies attached directly to the user` });
  }
  const ref = specificHole(`Ref.${user.logicalId}`);
  const attaching: string[] = [];
  for (const { type, prop } of ATTACHING) {
    for (const policy of ctx.template.referencing(type, user.logicalId)) {
      if (usersOf(policy, prop, ctx).some((u) => u === ref)) attaching.push(policy.displayName);
    }
  }
  if (attaching.length > 0) {
    ctx.report({ detail: 'AttachedPolicies', message: `${name} has policies attached directly to the user: ${attaching.join(', ')}` });
  }
  if (hasValue(user.prop('LoginProfile'), ctx)) {
    ctx.report({ detail: 'LoginProfile', message: `${name} has a console password (LoginProfile)` });
  }
}
