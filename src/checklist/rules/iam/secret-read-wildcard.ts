import { contextFor } from './cdk-internal-findings';
import { reachTargets } from './policy-scope';
import { describeUnknown, IDENTITY_POLICY_TYPES, identityPolicies, judgedAllowStatements, listValues } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display } from '../../values';

/** The actions that read secret values, with the service and resource type they read. */
const SECRET_READS: ReadonlyArray<{ action: string; service: string; type: string }> = [
  { action: 'ssm:GetParameter', service: 'ssm', type: 'parameter' },
  { action: 'ssm:GetParameters', service: 'ssm', type: 'parameter' },
  { action: 'ssm:GetParametersByPath', service: 'ssm', type: 'parameter' },
  { action: 'ssm:GetParameterHistory', service: 'ssm', type: 'parameter' },
  { action: 'secretsmanager:GetSecretValue', service: 'secretsmanager', type: 'secret' },
];

const SECRET_TARGETS = SECRET_READS.map(({ action, service, type }) => ({ action, service, types: [type] }));

/**
 * SEC6: reading every parameter or secret of the account. Judges identity-policy
 * statements, so it lives with the IAM rules (family `secrets`).
 * Detail: `Action::<action value>` as written (`Action::ssm:GetParameter*`).
 */
export const SEC6: Rule = {
  id: 'SEC6',
  family: 'secrets',
  severity: Severity.ERROR,
  title: 'Secret reads are limited to the parameters and secrets the code needs',
  explanation:
    '`ssm:GetParameter*` or `secretsmanager:GetSecretValue` on `*` or on every parameter (`parameter/*`) or secret (`secret:*`) lets the workload read every secret in the account, including other applications\' database passwords and API keys.',
  fix: 'Grant reads on the specific parameters or secrets (or a path prefix the application owns, `parameter/app/prod/*`). In CDK use `parameter.grantRead(fn)` or `secret.grantRead(fn)`; in CloudFormation put their ARNs (`arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/prod/*`, `!Ref Secret`) in `Resource`.',
  controls: [],
  resourceTypes: IDENTITY_POLICY_TYPES,
  check(resource, ctx) {
    ctx = contextFor(SEC6, resource, ctx);
    const policies = identityPolicies(resource, ctx);
    for (const part of policies.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of judgedAllowStatements(policies)) {
      const resources = statement.resource ?? [];
      for (const value of statement.action ?? []) {
        const { granted, reached, uncertain } = reachTargets(value, resources, SECRET_TARGETS, display);
        if (granted.length > 0) {
          ctx.report({
            detail: `Action::${display(value)}`,
            message: `${resource.displayName} allows ${display(value)} (${listValues(granted, 3)}) on every parameter or secret (${reached.join(', ')}) in ${statement.where}`,
          });
        } else if (uncertain !== undefined) {
          ctx.unresolved(
            `${statement.path}.${uncertain}`,
            `Whether ${display(value)} in ${statement.where} of ${resource.displayName} reads every parameter or secret`,
          );
        }
      }
    }
  },
};
