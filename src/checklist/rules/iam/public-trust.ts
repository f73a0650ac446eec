import { contextFor } from './cdk-internal-findings';
import { Reach } from './policy-scope';
import { describeUnknown, trustStatements } from './policy-statements';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asList, display, getCI, hasUnknownPart, isObject, isUnknown } from '../../values';

/** The condition keys that restrict who may assume a role (CHECKLIST.md, "IAM8 restricting conditions"). */
export const RESTRICTING_CONDITION_KEYS: ReadonlySet<string> = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'sts:externalid',
]);

/** True when a principal value (`*`, an ARN, an account) is, or may be, everyone. */
function anyoneReach(value: unknown): Reach {
  if (isUnknown(value)) return 'maybe';
  if (typeof value !== 'string') return 'no';
  const v = value.trim();
  if (v === '*') return 'yes';
  if (hasUnknownPart(v) && v.replace(/⟪[^⟫]*⟫/g, '*').replace(/\*+/g, '*') === '*') return 'maybe';
  return 'no';
}

/** Whether a `Principal` is everyone: `"*"` or `{"AWS": "*"}` (a list holding `*` counts). */
function principalReach(principal: unknown, ctx: RuleContext): Reach {
  let reach: Reach = 'no';
  const add = (r: Reach) => {
    if (r === 'yes' || (r === 'maybe' && reach === 'no')) reach = r;
  };
  for (const p of ctx.variants(principal)) {
    if (isObject(p)) {
      const aws = getCI(p, 'AWS');
      for (const v of asList(aws)) add(anyoneReach(v));
    } else {
      add(anyoneReach(p));
    }
  }
  return reach;
}

/**
 * Whether a `Condition` restricts who may assume the role: it has one of the
 * restricting keys under a positive operator. Negated operators (`StringNotEquals`,
 * `ArnNotLike`), `Null`, `...IfExists` and `ForAllValues:` operators do not restrict:
 * they hold for principals outside the organization or without the key.
 */
function restricts(condition: unknown, ctx: RuleContext): Reach {
  if (condition === undefined) return 'no';
  let all: Reach = 'yes';
  for (const c of ctx.variants(condition)) {
    let reach: Reach = 'no';
    if (isUnknown(c)) {
      reach = 'maybe';
    } else if (isObject(c)) {
      for (const [operator, block] of Object.entries(c)) {
        const op = operator.toLowerCase();
        if (op.includes('not') || op === 'null' || op.endsWith('ifexists') || op.startsWith('forallvalues:')) continue;
        if (!isObject(block)) {
          if (reach === 'no') reach = 'maybe';
          continue;
        }
        if (Object.keys(block).some((k) => RESTRICTING_CONDITION_KEYS.has(k.toLowerCase()))) reach = 'yes';
      }
    }
    if (reach === 'no') return 'no';
    if (reach === 'maybe') all = 'maybe';
  }
  return all;
}

/**
 * IAM8: role trust policies open to any principal without a restricting condition.
 * Details: `Principal::*`, `NotPrincipal` (an Allow with `NotPrincipal` trusts everyone
 * except the listed principals).
 */
export const IAM8: Rule = {
  id: 'IAM8',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'Role trust policies do not let any principal assume the role',
  explanation:
    'A trust policy with `Principal: "*"` or `{"AWS": "*"}` lets any AWS account in the world assume the role unless a condition restricts it to an organization, account, source or external ID. MFA or IP conditions alone do not say who may assume it.',
  fix: 'Name the principals that may assume the role (CDK `assumedBy: new iam.AccountPrincipal(...)` / `new iam.ServicePrincipal(...)`; CloudFormation `Principal: {AWS: <account or role ARN>}`), or add a restricting condition such as `aws:PrincipalOrgID`, `aws:SourceArn`, `aws:SourceAccount` or `sts:ExternalId` (CDK `new iam.OrganizationPrincipal(orgId)` or `principal.withConditions(...)`).',
  controls: ['IAM.1'],
  resourceTypes: ['AWS::IAM::Role', 'AWS::Serverless::Function'],
  check(resource, ctx) {
    ctx = contextFor(IAM8, resource, ctx);
    if (resource.unreadable) {
      ctx.unresolved('Properties', `The trust policy of ${resource.displayName}`);
      return;
    }
    const trust = trustStatements(resource, ctx);
    for (const part of trust.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of trust.statements) {
      if (!statement.allow) continue;
      const notPrincipal = getCI(statement.raw, 'NotPrincipal');
      const condition = restricts(getCI(statement.raw, 'Condition'), ctx);
      if (notPrincipal !== undefined) {
        if (condition === 'no') {
          ctx.report({
            detail: 'NotPrincipal',
            message: `${resource.displayName} trusts every principal except ${display(notPrincipal)} (NotPrincipal) in ${statement.where}, with no restricting condition`,
          });
        } else if (condition === 'maybe') {
          ctx.unresolved(`${statement.path}.Condition`, `The condition of ${statement.where} of ${resource.displayName}`);
        }
      }
      const principal = getCI(statement.raw, 'Principal');
      if (principal === undefined) continue;
      const open = principalReach(principal, ctx);
      if (open === 'no' || condition === 'yes') continue;
      if (open === 'yes' && condition === 'no') {
        ctx.report({
          detail: 'Principal::*',
          message: `${resource.displayName} lets any principal assume it (Principal ${display(ctx.variants(principal)[0])}) in ${statement.where}, with no restricting condition`,
        });
      } else {
        const path = open === 'maybe' ? `${statement.path}.Principal` : `${statement.path}.Condition`;
        ctx.unresolved(path, `Who may assume ${resource.displayName} under ${statement.where}`);
      }
    }
  },
};
