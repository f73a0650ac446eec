import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** IAM5: long-lived access keys. */
export const IAM5: Rule = {
  id: 'IAM5',
  family: 'iam',
  severity: Severity.ERROR,
  title: 'No long-lived IAM access keys are created',
  explanation:
    'An access key never expires on its own and ends up in files, environment variables and CI settings. Compute should use roles, which hand out temporary credentials.',
  fix: 'Remove the AWS::IAM::AccessKey; give the workload an IAM role (Lambda execution role, ECS task role, instance profile) or use IAM Identity Center for people.',
  controls: ['IAM.3', 'IAM.8'],
  resourceTypes: ['AWS::IAM::AccessKey'],
  check(resource, ctx) {
    ctx.report({ message: `${resource.displayName} creates a long-lived IAM access key` });
  },
};
