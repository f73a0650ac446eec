import { launchData, launchTemplatesOf } from './launch-templates';
import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { display, isObject, isUncertain } from '../../values';

/** What an instance or launch template says about IMDSv2, per variant. */
type Tokens = { readonly is: 'required' } | { readonly is: 'absent' } | { readonly is: 'optional'; readonly value: string } | { readonly is: 'unknown'; readonly path: string };

/** The `HttpTokens` settings a resource's own `MetadataOptions` can have. */
export function httpTokens(resource: ResourceView, ctx: RuleContext): Tokens[] {
  const base = resource.type === 'AWS::EC2::LaunchTemplate' ? 'Properties.LaunchTemplateData' : 'Properties';
  if (resource.unreadable) return [{ is: 'unknown', path: base }];
  const out: Tokens[] = [];
  for (const data of launchData(resource, ctx)) {
    if (data === undefined || data === NO_VALUE) {
      out.push({ is: 'absent' });
      continue;
    }
    if (!isObject(data)) {
      out.push({ is: 'unknown', path: base });
      continue;
    }
    for (const mo of ctx.variants(data.MetadataOptions)) {
      if (mo === undefined || mo === NO_VALUE) {
        out.push({ is: 'absent' });
      } else if (!isObject(mo)) {
        out.push({ is: 'unknown', path: `${base}.MetadataOptions` });
      } else {
        const t = mo.HttpTokens;
        if (t === undefined || t === NO_VALUE) out.push({ is: 'absent' });
        else if (isUncertain(t) || typeof t !== 'string') out.push({ is: 'unknown', path: `${base}.MetadataOptions.HttpTokens` });
        else if (t.trim().toLowerCase() === 'required') out.push({ is: 'required' });
        else out.push({ is: 'optional', value: display(t) });
      }
    }
  }
  return out;
}

/** NET8: IMDSv2 not required. */
export const NET8: Rule = {
  id: 'NET8',
  family: 'network',
  severity: Severity.ERROR,
  title: 'EC2 instances and launch templates require IMDSv2',
  explanation:
    'IMDSv1 answers any HTTP GET from the instance, so a server-side request forgery bug in the application hands the instance role\'s credentials to ' +
    'an attacker; IMDSv2 requires a session token obtained with a PUT, which such bugs cannot send. An `AWS::EC2::Instance` passes when its own ' +
    '`MetadataOptions.HttpTokens` is `required`, or when it has none and the launch template it uses (by `LaunchTemplateId`, `Fn::GetAtt`, or a ' +
    'literal `LaunchTemplateName` of a template in the stack) requires tokens; an instance\'s own setting overrides its launch template\'s. An ' +
    '`AWS::EC2::LaunchTemplate` passes when `LaunchTemplateData.MetadataOptions.HttpTokens` is `required`. Absent means optional (the AMI\'s or the ' +
    'account\'s default, which the template does not control).',
  fix:
    'In CDK, `new ec2.Instance(this, id, { ..., requireImdsv2: true })` (or `httpTokens: ec2.HttpTokens.REQUIRED`), `new ec2.LaunchTemplate(this, id, ' +
    '{ requireImdsv2: true })`, or `Aspects.of(app).add(new ec2.InstanceRequireImdsv2Aspect())`; in CloudFormation, set `MetadataOptions: { HttpTokens: required }` ' +
    'on the instance or in `LaunchTemplateData` of its launch template.',
  controls: ['EC2.8', 'CIS 5.6'],
  resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  check(resource, ctx) {
    const name = resource.displayName;
    let lts: ReturnType<typeof launchTemplatesOf> | undefined;
    for (const own of httpTokens(resource, ctx)) {
      if (own.is === 'required') continue;
      if (own.is === 'optional') {
        ctx.report({ message: `${name} sets MetadataOptions.HttpTokens to '${own.value}', which allows IMDSv1` });
        continue;
      }
      if (own.is === 'unknown') {
        ctx.unresolved(own.path, `The IMDSv2 setting of ${name}`);
        continue;
      }
      if (resource.type === 'AWS::EC2::LaunchTemplate') {
        ctx.report({ message: `${name} does not set LaunchTemplateData.MetadataOptions.HttpTokens to 'required', so its instances allow IMDSv1` });
        continue;
      }
      lts ??= launchTemplatesOf(resource, ctx);
      if (!lts.used) {
        ctx.report({ message: `${name} has no MetadataOptions with HttpTokens 'required' and no launch template that requires it, so it allows IMDSv1` });
      } else if (!lts.found) {
        ctx.unresolved('Properties.LaunchTemplate', `The launch template of ${name}`);
      } else {
        for (const lt of lts.templates) {
          const theirs = httpTokens(lt, ctx);
          if (theirs.some((t) => t.is === 'absent' || t.is === 'optional')) {
            ctx.report({ message: `${name} does not set MetadataOptions.HttpTokens, and its launch template ${lt.displayName} does not require IMDSv2 either` });
          } else if (theirs.some((t) => t.is === 'unknown')) {
            ctx.unresolved('Properties.LaunchTemplate', `The IMDSv2 setting of the launch template ${lt.displayName} of ${name}`);
          }
        }
      }
    }
  },
};
