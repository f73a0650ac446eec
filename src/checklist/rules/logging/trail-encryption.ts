import { allOf, stringIsSet } from './helpers';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** LOG2: trails are encrypted with a KMS key. */
export const LOG2: Rule = {
  id: 'LOG2',
  family: 'logging',
  severity: Severity.ERROR,
  title: 'A CloudTrail trail is encrypted with a KMS key',
  explanation:
    'Trail logs hold the account\'s whole API history. With only S3-managed encryption anyone who can read the bucket reads the logs; a customer managed KMS key adds a second, separately audited permission and lets you revoke access to the logs.',
  fix: 'CDK: pass `encryptionKey: new kms.Key(this, \'TrailKey\', { enableKeyRotation: true })` to `cloudtrail.Trail` (the key policy must let cloudtrail.amazonaws.com use it). CloudFormation: set `KMSKeyId` on the `AWS::CloudTrail::Trail`.',
  controls: ['CloudTrail.2', 'CIS 3.5'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  references: ['https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html'],
  check(trail, ctx) {
    const answer = allOf(ctx.variants(trail.prop('KMSKeyId')).map(stringIsSet));
    if (answer === 'no') {
      ctx.report({ message: `${trail.displayName} is not encrypted with a KMS key (no KMSKeyId): its logs are protected by S3-managed encryption only` });
    } else if (answer === 'unknown') {
      ctx.unresolved('Properties.KMSKeyId', `The KMS key of ${trail.displayName}`);
    }
  },
};
