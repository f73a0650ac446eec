import { allOf, boolIs } from './helpers';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** LOG3: trails have log file integrity validation on. */
export const LOG3: Rule = {
  id: 'LOG3',
  family: 'logging',
  severity: Severity.ERROR,
  title: 'A CloudTrail trail has log file validation enabled',
  explanation:
    'Log file validation writes signed digest files, so you can prove that no log file was changed or deleted after CloudTrail delivered it. Without it an intruder who reaches the bucket can edit the record of what they did.',
  fix: 'CDK: keep `enableFileValidation: true` on `cloudtrail.Trail` (the default). CloudFormation: set `EnableLogFileValidation: true` on the `AWS::CloudTrail::Trail`.',
  controls: ['CloudTrail.4', 'CIS 3.2'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html'],
  check(trail, ctx) {
    const answer = allOf(ctx.variants(trail.prop('EnableLogFileValidation')).map((v) => boolIs(v)));
    if (answer === 'no') {
      ctx.report({ message: `${trail.displayName} has log file validation disabled (EnableLogFileValidation is not true): changes to its log files cannot be detected` });
    } else if (answer === 'unknown') {
      ctx.unresolved('Properties.EnableLogFileValidation', `Log file validation of ${trail.displayName}`);
    }
  },
};
