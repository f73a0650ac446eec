import { launchData } from './launch-templates';
import { NO_VALUE } from '../../resolve';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display, isObject } from '../../values';

/** NET9: an instance or launch template uses an SSH key pair. */
export const NET9: Rule = {
  id: 'NET9',
  family: 'network',
  severity: Severity.WARNING,
  title: 'EC2 instances and launch templates use no SSH key pair',
  explanation:
    'A key pair is a long-lived credential shared by whoever holds the private key, with no per-user audit trail and an open SSH port to go with it. ' +
    'Session Manager gives shell access through IAM, logged in CloudTrail, with no inbound port. Fires when `KeyName` is set (a literal, a parameter, or ' +
    'any branch of an `Fn::If`) on an `AWS::EC2::Instance` or in the `LaunchTemplateData` of an `AWS::EC2::LaunchTemplate`.',
  fix:
    'Remove the key pair and connect with AWS Systems Manager Session Manager (give the instance role `AmazonSSMManagedInstanceCore`): in CDK, drop ' +
    '`keyPair`/`keyName` from `ec2.Instance` or `ec2.LaunchTemplate`; in CloudFormation, remove `KeyName`.',
  controls: [],
  resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  check(resource, ctx) {
    const where = resource.type === 'AWS::EC2::LaunchTemplate' ? 'LaunchTemplateData.KeyName' : 'KeyName';
    if (resource.unreadable) {
      ctx.unresolved(`Properties.${resource.type === 'AWS::EC2::LaunchTemplate' ? 'LaunchTemplateData' : 'KeyName'}`, `The key pair of ${resource.displayName}`);
      return;
    }
    for (const data of launchData(resource, ctx)) {
      if (!isObject(data)) {
        if (data !== undefined && data !== NO_VALUE) ctx.unresolved('Properties.LaunchTemplateData', `The key pair of ${resource.displayName}`);
        continue;
      }
      for (const key of ctx.variants(data.KeyName)) {
        if (key === undefined || key === NO_VALUE || key === '') continue;
        ctx.report({ message: `${resource.displayName} uses the SSH key pair ${display(key)} (${where}); connect with Session Manager instead` });
        return;
      }
    }
  },
};
