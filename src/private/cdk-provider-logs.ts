import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

/** The construct ID of the log group added under a CDK custom resource provider. */
const LOG_GROUP_ID = 'HardenedLogGroup';

/**
 * Gives the function of a CDK custom resource provider (a stack singleton such as
 * `Custom::VpcRestrictDefaultSGCustomResourceProvider`) an explicit log group with a
 * retention period, through the function's `LoggingConfig.LogGroup`, so its logs are
 * not kept forever in a group Lambda creates on first use (Hardened-LOG6).
 *
 * The provider's code and role are left as CDK made them: the role's
 * `AWSLambdaBasicExecutionRole` already allows writing to any log group. Done once per
 * provider, however many constructs use it.
 *
 * @returns the log group, or undefined when the stack has no such provider
 */
export function giveProviderALogGroup(stack: Stack, providerId: string, retention: logs.RetentionDays): logs.LogGroup | undefined {
  const provider: IConstruct | undefined = stack.node.tryFindChild(providerId);
  if (!provider) return undefined;
  const existing = provider.node.tryFindChild(LOG_GROUP_ID);
  if (existing instanceof logs.LogGroup) return existing;
  const handler = provider.node.tryFindChild('Handler');
  if (!CfnResource.isCfnResource(handler) || handler.cfnResourceType !== 'AWS::Lambda::Function') return undefined;
  const group = new logs.LogGroup(provider, LOG_GROUP_ID, { retention, removalPolicy: RemovalPolicy.RETAIN });
  handler.addPropertyOverride('LoggingConfig.LogGroup', group.logGroupName);
  return group;
}
