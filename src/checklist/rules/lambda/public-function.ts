import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { display, getCI, isObject, isUncertain, isUnknown } from '../../values';

/** The properties of `AWS::Lambda::Permission` that restrict a `*` principal to a source. */
const RESTRICTING = ['SourceArn', 'SourceAccount', 'PrincipalOrgID'];

/** `*`, or `{ "AWS": "*" }` written as an IAM principal. */
function isEveryone(principal: unknown): boolean {
  if (typeof principal === 'string') return principal.trim() === '*';
  if (isObject(principal)) {
    const aws = getCI(principal, 'AWS');
    return Array.isArray(aws) ? aws.some((a) => a === '*') : aws === '*';
  }
  return false;
}

/** True when the principal could be anything (a parameter without allowed values, an import). */
function couldBeEveryone(principal: unknown): boolean {
  if (isUnknown(principal)) return true;
  if (typeof principal === 'string') return isUncertain(principal) && /^⟪[^⟫]*⟫$/.test(principal.trim());
  // A key may hold a list (`{ "AWS": ["arn:...", "*"] }`, as isEveryone reads it): each entry counts.
  if (isObject(principal)) return Object.values(principal).flat().some((v) => isUnknown(v) || (typeof v === 'string' && /^⟪[^⟫]*⟫$/.test(v)));
  return false;
}

function checkPermission(resource: ResourceView, ctx: RuleContext) {
  // One variant per combination of the restricting properties: an Fn::If with AWS::NoValue may leave them all out.
  const sources = ctx.variants(Object.fromEntries(RESTRICTING.map((k) => [k, resource.prop(k)])));
  const unrestricted = sources.some((s) => !isObject(s) || RESTRICTING.every((k) => s[k] === undefined || s[k] === NO_VALUE || s[k] === '*'));
  if (!unrestricted) return;
  for (const principal of ctx.variants(resource.prop('Principal'))) {
    if (isEveryone(principal)) {
      ctx.report({
        detail: 'Principal::*',
        message: `Lambda permission ${resource.displayName} lets anyone (principal *) invoke the function, with no SourceArn, SourceAccount or PrincipalOrgID to restrict it`,
      });
    } else if (couldBeEveryone(principal)) {
      ctx.unresolved('Properties.Principal', `The principal of Lambda permission ${resource.displayName} (${display(principal)}), which has no SourceArn, SourceAccount or PrincipalOrgID,`);
    }
  }
}

function judgeAuthType(ctx: RuleContext, raw: unknown, path: string, what: string) {
  for (const authType of ctx.variants(raw)) {
    if (typeof authType === 'string' && authType.trim().toUpperCase() === 'NONE') {
      ctx.report({
        detail: 'AuthType::NONE',
        message: `${what} has AuthType NONE: anyone on the internet who finds the URL can invoke the function`,
      });
    } else if (isUnknown(authType) || (typeof authType === 'string' && isUncertain(authType))) {
      ctx.unresolved(path, `The AuthType of ${what} (${display(authType)})`);
    }
  }
}

/** LMB2: a Lambda function made public by a permission or a function URL. */
export const LMB2: Rule = {
  id: 'LMB2',
  family: 'lambda',
  severity: Severity.ERROR,
  title: 'Lambda functions are not public',
  explanation:
    'A resource policy that lets principal * invoke a function, with no source account, source ARN or organization to narrow it, or a function URL without authentication, lets anyone on the internet run the function: its cost, its data and its role\'s permissions are exposed to them.',
  fix: 'Name who may invoke: in CDK `fn.addPermission(\'Invoke\', { principal: new iam.ServicePrincipal(\'s3.amazonaws.com\'), sourceArn: bucket.bucketArn, sourceAccount: this.account })` or `fn.grantInvoke(role)`, and `fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM })`; in CloudFormation give `AWS::Lambda::Permission` a specific `Principal` with `SourceArn`/`SourceAccount`/`PrincipalOrgID`, and `AWS::Lambda::Url` `AuthType: AWS_IAM`. Put an API Gateway with an authorizer (and AWS WAF) in front of functions that must be reachable from the internet.',
  controls: ['Lambda.1'],
  resourceTypes: ['AWS::Lambda::Permission', 'AWS::Lambda::Url', 'AWS::Serverless::Function'],
  check(resource, ctx) {
    if (resource.type === 'AWS::Lambda::Permission') {
      checkPermission(resource, ctx);
    } else if (resource.type === 'AWS::Lambda::Url') {
      judgeAuthType(ctx, resource.prop('AuthType'), 'Properties.AuthType', `Function URL ${resource.displayName}`);
    } else {
      // SAM creates the function URL from FunctionUrlConfig; the finding lands on the function.
      for (const config of ctx.variants(resource.prop('FunctionUrlConfig'))) {
        if (config === undefined || config === NO_VALUE) continue;
        if (!isObject(config)) {
          ctx.unresolved('Properties.FunctionUrlConfig', `The function URL of ${resource.displayName}`);
          continue;
        }
        judgeAuthType(ctx, config.AuthType, 'Properties.FunctionUrlConfig.AuthType', `The function URL of ${resource.displayName}`);
      }
    }
  },
};
