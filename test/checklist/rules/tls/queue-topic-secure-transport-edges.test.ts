// TLS7 beyond the main tests: which queue and topic policies apply, which `Resource`
// entries name the queue's or topic's ARN, and what the findings say.
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };
const QUEUE_ARN = { 'Fn::GetAtt': ['Queue', 'Arn'] };

const FIRES = ['Hardened-TLS7'];
const UNRESOLVED = ['Hardened-TLS7[Unresolved::Policy.PolicyDocument]'];

function deny(resource: unknown, action: unknown = 'sqs:*') {
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: action, Resource: resource, Condition: INSECURE };
}

function queuePolicy(queues: unknown[], statements: unknown[]) {
  return { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: queues, PolicyDocument: { Statement: statements } } };
}

function topicPolicy(topics: unknown[], statements: unknown[]) {
  return { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: topics, PolicyDocument: { Statement: statements } } };
}

/** A queue `Queue` (with `props`) and a policy `Policy` on it by `Ref`, holding `statements`. */
function queueWith(statements: unknown[], props?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const queue = props ? { Type: 'AWS::SQS::Queue', Properties: props } : { Type: 'AWS::SQS::Queue' };
  return { ...extra, Resources: { Queue: queue, Policy: queuePolicy([{ Ref: 'Queue' }], statements) } };
}

/** A topic `Topic` (with `props`) and a policy `Policy` on it by `Ref`, holding `statements`. */
function topicWith(statements: unknown[], props?: Record<string, unknown>) {
  const topic = props ? { Type: 'AWS::SNS::Topic', Properties: props } : { Type: 'AWS::SNS::Topic' };
  return { Resources: { Topic: topic, Policy: topicPolicy([{ Ref: 'Topic' }], statements) } };
}

const tls7 = (template: object) => idsOf(checkTemplate(template), 'TLS7');
const tls7On = (template: object, logicalId: string) =>
  findingsOf(checkTemplate(template), 'TLS7').filter((f) => f.logicalId === logicalId).map((f) => f.id);

describe('TLS7: the policies that apply to a queue or topic', () => {
  test('a queue policy that names the queue by its URL attribute applies', () => {
    const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue' }, Policy: queuePolicy([{ 'Fn::GetAtt': ['Queue', 'QueueUrl'] }], [deny(QUEUE_ARN)]) } };
    expect(tls7(template)).toEqual([]);
  });

  test('a topic policy that names the topic by its TopicArn attribute applies, and a deny on that attribute covers it', () => {
    const arn = { 'Fn::GetAtt': ['Topic', 'TopicArn'] };
    const template = { Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Policy: topicPolicy([arn], [deny(arn, 'sns:Publish')]) } };
    expect(tls7(template)).toEqual([]);
  });

  test('a deny on every resource in another queue\'s policy does not protect a queue it merely mentions', () => {
    const template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Other: { Type: 'AWS::SQS::Queue' },
        OtherPolicy: queuePolicy(
          [{ Ref: 'Other' }],
          [deny('*'), { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sqs:SendMessage', Resource: QUEUE_ARN }],
        ),
      },
    };
    expect(findingsOf(checkTemplate(template), 'TLS7').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Queue Hardened-TLS7']);
  });

  test('one policy for two queues, denying on both ARNs, protects both', () => {
    const template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Other: { Type: 'AWS::SQS::Queue' },
        Policy: queuePolicy([{ Ref: 'Queue' }, { Ref: 'Other' }], [deny([QUEUE_ARN, { 'Fn::GetAtt': ['Other', 'Arn'] }])]),
      },
    };
    expect(tls7(template)).toEqual([]);
  });
});

describe('TLS7: the Resource entries that name a queue or topic', () => {
  test('Resource "*" covers the queue', () => {
    expect(tls7(queueWith([deny('*')]))).toEqual([]);
  });

  test('a wildcard ARN that needs a name covers an unnamed queue', () => {
    expect(tls7(queueWith([deny('arn:aws:sqs:*:*:?*')]))).toEqual([]);
  });

  test('a named topic is covered by its literal ARN, not by an ARN of another service or another name', () => {
    const named = (resource: string) => topicWith([deny(resource, 'sns:Publish')], { TopicName: 'alerts' });
    expect(tls7(named('arn:aws:sns:us-east-1:123456789012:alerts'))).toEqual([]);
    expect(tls7(named('arn:aws:sqs:us-east-1:123456789012:alerts'))).toEqual(FIRES);
    expect(tls7(named('arn:aws:sns:us-east-1:123456789012:other'))).toEqual(FIRES);
  });

  test('a named queue is not covered by the literal ARN of another queue, nor by its own ARN after a stray delimiter', () => {
    expect(tls7(queueWith([deny('arn:aws:sqs:us-east-1:123456789012:payments')], { QueueName: 'orders' }))).toEqual(FIRES);
    expect(tls7(queueWith([deny(':arn:aws:sqs:us-east-1:123456789012:orders')], { QueueName: 'orders' }))).toEqual(FIRES);
  });

  test('the topic deny must cover sns:Publish', () => {
    expect(tls7(topicWith([deny({ Ref: 'Topic' }, 'sns:Subscribe')]))).toEqual(FIRES);
  });

  test('a deny on the queue\'s URL (its Ref) or on a list nested in a list does not name its ARN, and does not break the rule', () => {
    expect(tls7(queueWith([deny({ Ref: 'Queue' })]))).toEqual(FIRES);
    expect(tls7(queueWith([deny([[QUEUE_ARN]])]))).toEqual(FIRES);
  });

  test('a queue named by a parameter is covered by an ARN built from the same parameter', () => {
    const arn = { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${QueueName}' };
    expect(tls7(queueWith([deny(arn)], { QueueName: { Ref: 'QueueName' } }, { Parameters: { QueueName: { Type: 'String' } } }))).toEqual([]);
  });

  test('an ARN with a name that could be anything, or an imported entry, is unresolved', () => {
    const arn = { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:${Name}' };
    expect(tls7(queueWith([deny(arn)], undefined, { Parameters: { Name: { Type: 'String' } } }))).toEqual(UNRESOLVED);
    expect(tls7(queueWith([deny([{ 'Fn::ImportValue': 'QueueArn' }])]))).toEqual(UNRESOLVED);
  });

  test('a deny on everything except other queues (NotResource) covers the queue', () => {
    const { Resource: _resource, ...rest } = deny(undefined);
    // The other queue by its URL (not an ARN: it spares nothing) and by its ARN.
    const statement = { ...rest, NotResource: [{ Ref: 'Other' }, 'arn:aws:sqs:us-east-1:123456789012:other-queue'] };
    const template = { Resources: { Queue: { Type: 'AWS::SQS::Queue' }, Other: { Type: 'AWS::SQS::Queue' }, Policy: queuePolicy([{ Ref: 'Queue' }], [statement]) } };
    expect(tls7On(template, 'Queue')).toEqual([]);
  });
});

describe('TLS7: what the findings say', () => {
  test('a queue and a topic without policies: each named as such, with the fix for its kind', () => {
    const findings = findingsOf(checkTemplate({ Resources: { Orders: { Type: 'AWS::SQS::Queue' }, Alerts: { Type: 'AWS::SNS::Topic' } } }), 'TLS7');
    const queue = findings.find((f) => f.logicalId === 'Orders')!;
    const topic = findings.find((f) => f.logicalId === 'Alerts')!;
    expect([queue.id, queue.severity, topic.id, topic.severity]).toEqual(['Hardened-TLS7', Severity.WARNING, 'Hardened-TLS7', Severity.WARNING]);

    expect(queue.message).toContain('Queue Orders');
    expect(queue.message).toContain('no queue policy');
    expect(queue.message).not.toMatch(/topic/i);
    expect(queue.fix).toContain('`sqs.Queue`');
    expect(queue.fix).not.toContain('`sns.Topic`');
    expect(queue.fix).toContain('AWS::SQS::QueuePolicy');

    expect(topic.message).toContain('Topic Alerts');
    expect(topic.message).toContain('no topic policy');
    expect(topic.message).not.toMatch(/queue/i);
    expect(topic.fix).toContain('`sns.Topic`');
    expect(topic.fix).not.toContain('`sqs.Queue`');
    expect(topic.fix).toContain('AWS::SNS::TopicPolicy');
  });

  test('a queue whose policies do not deny: names each policy and each action the deny must cover', () => {
    const allow = (action: string) => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: action, Resource: { 'Fn::GetAtt': ['Orders', 'Arn'] } });
    const template = {
      Resources: {
        Orders: { Type: 'AWS::SQS::Queue' },
        SendPolicy: queuePolicy([{ Ref: 'Orders' }], [allow('sqs:SendMessage')]),
        ReadPolicy: { Type: 'AWS::SQS::QueueInlinePolicy', Properties: { Queue: { Ref: 'Orders' }, PolicyDocument: { Statement: [allow('sqs:ReceiveMessage')] } } },
      },
    };
    const [finding] = findingsOf(checkTemplate(template), 'TLS7');
    expect([finding.logicalId, finding.id]).toEqual(['Orders', 'Hardened-TLS7']);
    expect(finding.message).toContain('Queue Orders');
    expect(finding.message).not.toContain('no queue policy');
    expect(finding.message).toMatch(/\bSendPolicy\b/);
    expect(finding.message).toMatch(/\bReadPolicy\b/);
    expect(finding.message).toMatch(/\bsqs:SendMessage\b/);
    expect(finding.message).toMatch(/\bsqs:ReceiveMessage\b/);
  });

  test('a topic whose policy does not deny names the policy and sns:Publish', () => {
    const template = { Resources: { Alerts: { Type: 'AWS::SNS::Topic' }, AlertsPolicy: topicPolicy([{ Ref: 'Alerts' }], [deny({ Ref: 'Alerts' }, 'sns:Subscribe')]) } };
    const [finding] = findingsOf(checkTemplate(template), 'TLS7');
    expect(finding.message).toContain('Topic Alerts');
    expect(finding.message).toMatch(/\bAlertsPolicy\b/);
    expect(finding.message).toContain('sns:Publish');
  });

  test('an unresolved finding names the policy that cannot be read and the queue it protects', () => {
    const template = {
      Resources: {
        Orders: { Type: 'AWS::SQS::Queue' },
        OrdersPolicy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Orders' }], PolicyDocument: { 'Fn::ImportValue': 'SharedPolicy' } } },
      },
    };
    const [finding] = findingsOf(checkTemplate(template), 'TLS7');
    expect([finding.logicalId, finding.id]).toEqual(['Orders', 'Hardened-TLS7[Unresolved::OrdersPolicy.PolicyDocument]']);
    const what = finding.message.split(' cannot be verified at synth time')[0];
    expect(what).toMatch(/\bOrdersPolicy\b/);
    expect(what).toMatch(/\bOrders\b/);
  });
});
