import { allOf, stringIsSet } from './helpers';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** LOG4: trails deliver to CloudWatch Logs. */
export const LOG4: Rule = {
  id: 'LOG4',
  family: 'logging',
  severity: Severity.ERROR,
  title: 'A CloudTrail trail delivers its events to CloudWatch Logs',
  explanation:
    'Events that only land in S3 can be searched after the fact but not alarmed on. Delivering the trail to a CloudWatch Logs group is what makes metric filters and alarms on root use, failed logins and policy changes possible (LOG7).',
  fix: 'CDK: set `sendToCloudWatchLogs: true` (and `cloudWatchLogsRetention`) on `cloudtrail.Trail`. CloudFormation: set both `CloudWatchLogsLogGroupArn` and `CloudWatchLogsRoleArn` (a role cloudtrail.amazonaws.com can assume, allowed logs:CreateLogStream and logs:PutLogEvents on the group).',
  controls: ['CloudTrail.5'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html'],
  check(trail, ctx) {
    const group = allOf(ctx.variants(trail.prop('CloudWatchLogsLogGroupArn')).map(stringIsSet));
    const role = allOf(ctx.variants(trail.prop('CloudWatchLogsRoleArn')).map(stringIsSet));
    const missing = [group === 'no' ? 'CloudWatchLogsLogGroupArn' : undefined, role === 'no' ? 'CloudWatchLogsRoleArn' : undefined].filter(
      (m): m is string => m !== undefined,
    );
    if (missing.length > 0) {
      ctx.report({ message: `${trail.displayName} does not deliver to CloudWatch Logs (no ${missing.join(' and no ')}): its events cannot be alarmed on` });
    } else if (group === 'unknown') {
      ctx.unresolved('Properties.CloudWatchLogsLogGroupArn', `The CloudWatch Logs group of ${trail.displayName}`);
    } else if (role === 'unknown') {
      ctx.unresolved('Properties.CloudWatchLogsRoleArn', `The CloudWatch Logs role of ${trail.displayName}`);
    }
  },
};
