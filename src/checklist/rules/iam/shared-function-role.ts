import { contextFor } from './cdk-internal-findings';
import { resolvedValues } from './policy-statements';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { specificHole } from '../../values';

/** Function types whose `Role` property names their execution role. */
const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

/** True when a function's `Role` is (in some branch) this role: `GetAtt Role.Arn`, or an ARN built from `Ref Role`. */
function usesRole(fn: ResourceView, roleId: string, ctx: RuleContext): boolean {
  const raw = fn.prop('Role');
  if (raw === undefined) return false;
  const arn = specificHole(`GetAtt.${roleId}.Arn`);
  const ref = specificHole(`Ref.${roleId}`);
  return resolvedValues(raw, ctx).some((v) => typeof v === 'string' && (v === arn || v.includes(ref)));
}

/** IAM9: one IAM role shared by several Lambda functions. Lands on the role; no detail. */
export const IAM9: Rule = {
  id: 'IAM9',
  family: 'iam',
  severity: Severity.WARNING,
  title: 'Each Lambda function has its own execution role',
  explanation:
    'Functions that share a role share every permission: each one can do what any of them needs, so a flaw in one reaches the data of all. Least privilege is per function.',
  fix: 'Give each function its own role. In CDK omit `role` (each `lambda.Function` then creates its own) and grant each function what it needs (`bucket.grantRead(fn)`); in CloudFormation create one `AWS::IAM::Role` per function and point each function\'s `Role` at its own.',
  controls: [],
  resourceTypes: ['AWS::IAM::Role'],
  check(role, ctx) {
    ctx = contextFor(IAM9, role, ctx);
    const users: string[] = [];
    for (const type of FUNCTION_TYPES) {
      for (const fn of ctx.template.referencing(type, role.logicalId)) {
        if (usesRole(fn, role.logicalId, ctx)) users.push(fn.displayName);
      }
    }
    if (users.length > 1) {
      ctx.report({ message: `${role.displayName} is the execution role of ${users.length} Lambda functions: ${users.join(', ')}` });
    }
  },
};
