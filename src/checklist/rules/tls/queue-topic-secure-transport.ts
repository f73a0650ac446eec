import { DenyRequirement, deniesInsecureTransport, documentDenies } from './deny-statements';
import { Tri, anyOf, getAttOf, refOf, singleString, valuesOf } from './judge';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { hasHole, hasUnknownPart, isUnknown, wildcardToRegExp } from '../../values';

/** Stand-in for the judged queue's or topic's name when it has none of its own. */
const THIS_ONE = 'hardened-judged-resource';

interface Kind {
  readonly noun: string;
  readonly service: string;
  /** Actions the deny must cover. */
  readonly actions: readonly string[];
  /** The policy resources that attach to this kind, and the property naming what they attach to. */
  readonly policies: ReadonlyArray<{ readonly type: string; readonly property: string }>;
  readonly nameProperty: string;
  readonly cdkFix: string;
  /** How a policy's target property names this resource (`Ref`, `GetAtt`). */
  selfValues(id: string): string[];
  /** How a statement's `Resource` names this resource's ARN. */
  arnValues(id: string): string[];
}

const KINDS: Record<string, Kind> = {
  'AWS::SQS::Queue': {
    noun: 'queue',
    service: 'sqs',
    actions: ['sqs:SendMessage', 'sqs:ReceiveMessage'],
    policies: [
      { type: 'AWS::SQS::QueuePolicy', property: 'Queues' },
      { type: 'AWS::SQS::QueueInlinePolicy', property: 'Queue' },
    ],
    selfValues: (id) => [refOf(id), getAttOf(id, 'QueueUrl')],
    arnValues: (id) => [getAttOf(id, 'Arn')],
    nameProperty: 'QueueName',
    cdkFix: '`enforceSSL: true` on the `sqs.Queue`',
  },
  'AWS::SNS::Topic': {
    noun: 'topic',
    service: 'sns',
    actions: ['sns:Publish'],
    policies: [
      { type: 'AWS::SNS::TopicPolicy', property: 'Topics' },
      { type: 'AWS::SNS::TopicInlinePolicy', property: 'TopicArn' },
    ],
    selfValues: (id) => [refOf(id), getAttOf(id, 'TopicArn')],
    arnValues: (id) => [refOf(id), getAttOf(id, 'TopicArn')],
    nameProperty: 'TopicName',
    cdkFix: '`enforceSSL: true` on the `sns.Topic`',
  },
};

const CFN_FIX =
  'CloudFormation: an `AWS::SQS::QueuePolicy` (`AWS::SNS::TopicPolicy`) for it with `{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:*" (or "sns:Publish"), "Resource": <its ARN>, "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`.';

/** TLS7: SQS queue and SNS topic policies deny requests made without TLS. */
export const TLS7: Rule = {
  id: 'TLS7',
  family: 'tls',
  severity: Severity.WARNING,
  title: 'An SQS queue or SNS topic policy denies requests made without TLS',
  explanation:
    'SQS and SNS still accept requests over plain HTTP from clients configured with an `http://` endpoint. A resource policy that denies `aws:SecureTransport = false` makes sure messages, which often carry personal data, are never sent or read in clear text.',
  fix: `CDK: \`enforceSSL: true\` on the \`sqs.Queue\` or \`sns.Topic\`. ${CFN_FIX}`,
  controls: [],
  resourceTypes: Object.keys(KINDS),
  references: [
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html (enforce encryption of data in transit with aws:SecureTransport)',
    'https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html (enforce encryption of data in transit)',
    'Counts: a Deny for Principal "*" or {"AWS": "*"} whose only condition is Bool/BoolIfExists aws:SecureTransport false, on the queue\'s or topic\'s ARN (or "*"), covering sqs:SendMessage and sqs:ReceiveMessage (CDK `enforceSSL` writes sqs:*) or sns:Publish (what CDK `enforceSSL` writes). Policies are AWS::SQS::QueuePolicy / AWS::SQS::QueueInlinePolicy and AWS::SNS::TopicPolicy / AWS::SNS::TopicInlinePolicy that reference the queue or topic.',
  ],
  check(resource, ctx) {
    const kind = KINDS[resource.type];
    if (!kind) return;
    const name = singleString(ctx, resource.prop(kind.nameProperty));
    const req: DenyRequirement = {
      actions: kind.actions,
      targets: ['self'],
      resourceMatches: (r) => arnMatches(r, kind, resource.logicalId, name),
      condition: deniesInsecureTransport,
    };
    const policies = policiesOf(resource, ctx, kind);
    const answers = policies.map((p) => documentDenies(ctx, p.prop('PolicyDocument'), req));
    const answer = anyOf(answers);
    if (answer === 'yes') return;
    if (answer === 'unknown') {
      const p = policies[answers.indexOf('unknown')];
      ctx.unresolved(`${p.logicalId}.PolicyDocument`, `The policy ${p.displayName} of ${resource.displayName}`);
      return;
    }
    const fix = `CDK: ${kind.cdkFix}. ${CFN_FIX}`;
    const subject = `${kind.noun === 'queue' ? 'Queue' : 'Topic'} ${resource.displayName}`;
    ctx.report({
      message:
        policies.length === 0
          ? `${subject} has no ${kind.noun} policy, so nothing denies requests without TLS (aws:SecureTransport = false)`
          : `${subject} has a ${kind.noun} policy (${policies.map((p) => p.displayName).join(', ')}) that does not deny requests without TLS (a Deny for every principal on ${kind.actions.join(', ')} with Bool aws:SecureTransport = false)`,
      fix,
    });
  },
};

/** The policies whose target property names this queue or topic (not merely mention it in their document). */
function policiesOf(resource: ResourceView, ctx: RuleContext, kind: Kind): ResourceView[] {
  const self = kind.selfValues(resource.logicalId);
  const out: ResourceView[] = [];
  for (const { type, property } of kind.policies) {
    for (const p of ctx.template.referencing(type, resource.logicalId)) {
      const targets = ctx.items(p.prop(property)).flatMap((t) => valuesOf(ctx, t));
      if (targets.some((t) => typeof t === 'string' && self.includes(t)) && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

/** Whether a resolved `Resource` entry covers the judged queue's or topic's ARN. */
function arnMatches(resource: unknown, kind: Kind, id: string, name: string | undefined): Tri {
  if (isUnknown(resource)) return 'unknown';
  if (typeof resource !== 'string') return 'no';
  let s = resource.trim();
  if (s === '*') return 'yes';
  const token = name !== undefined && !hasHole(name) ? name : THIS_ONE;
  for (const hole of kind.arnValues(id)) s = s.split(hole).join(`arn:aws:${kind.service}:region:account:${token}`);
  s = s.split(getAttOf(id, kind.nameProperty)).join(token);
  if (name !== undefined && hasHole(name)) s = s.split(name).join(token);
  if (hasUnknownPart(s)) return 'unknown';
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/s.exec(s);
  if (!m) return 'no';
  return wildcardToRegExp(m[1]).test(kind.service) && wildcardToRegExp(m[2]).test(token) ? 'yes' : 'no';
}
