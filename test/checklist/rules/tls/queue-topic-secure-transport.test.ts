import { Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function denyInsecure(resource: unknown, action: unknown = 'sqs:*', condition: unknown = { Bool: { 'aws:SecureTransport': 'false' } }) {
  return { Effect: 'Deny', Principal: '*', Action: action, Resource: resource, Condition: condition };
}

describe('TLS7 SQS queue and SNS topic policies deny requests without TLS', () => {
  test('warns on a plain sqs.Queue and sns.Topic', () => {
    const stack = newStack();
    new sqs.Queue(stack, 'Queue');
    new sns.Topic(stack, 'Topic');
    const findings = findingsOf(checkStack(stack), 'TLS7');
    expect(findings.map((f) => [f.id, f.path, f.severity]).sort()).toEqual([
      ['Hardened-TLS7', 'TestStack/Queue/Resource', Severity.WARNING],
      ['Hardened-TLS7', 'TestStack/Topic/Resource', Severity.WARNING],
    ]);
  });

  test('passes when the queue and topic set enforceSSL', () => {
    const stack = newStack();
    new sqs.Queue(stack, 'Queue', { enforceSSL: true });
    new sns.Topic(stack, 'Topic', { enforceSSL: true });
    expect(idsOf(checkStack(stack), 'TLS7')).toEqual([]);
  });

  test('warns on the queue, not its policy, when the queue policy only allows access', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Queue');
    queue.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
    const findings = findingsOf(checkStack(stack), 'TLS7');
    expect(findings.map((f) => f.path)).toEqual(['TestStack/Queue/Resource']);
    expect(findings[0].message).toContain('TestStack/Queue/Policy/Resource');
  });

  test('passes on raw inline policies, and with a literal ARN of a named queue', () => {
    const findings = checkTemplate({
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders' } },
        QueuePolicy: {
          Type: 'AWS::SQS::QueueInlinePolicy',
          Properties: { Queue: { Ref: 'Queue' }, PolicyDocument: { Statement: [denyInsecure({ 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders' })] } },
        },
        Topic: { Type: 'AWS::SNS::Topic' },
        TopicPolicy: {
          Type: 'AWS::SNS::TopicInlinePolicy',
          Properties: { TopicArn: { Ref: 'Topic' }, PolicyDocument: { Statement: [denyInsecure({ Ref: 'Topic' }, 'sns:Publish')] } },
        },
      },
    });
    expect(idsOf(findings, 'TLS7')).toEqual([]);
  });

  test('warns when the deny covers only sending, or only another queue', () => {
    const queueWith = (statement: unknown) => ({
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Other: { Type: 'AWS::SQS::Queue' },
        Policy: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: 'Queue' }], PolicyDocument: { Statement: [statement] } } },
      },
    });
    const onlySend = checkTemplate(queueWith(denyInsecure({ 'Fn::GetAtt': ['Queue', 'Arn'] }, 'sqs:SendMessage')));
    expect(findingsOf(onlySend, 'TLS7').map((f) => f.logicalId).sort()).toEqual(['Other', 'Queue']);
    const otherQueue = checkTemplate(queueWith(denyInsecure({ 'Fn::GetAtt': ['Other', 'Arn'] })));
    expect(findingsOf(otherQueue, 'TLS7').map((f) => f.logicalId).sort()).toEqual(['Other', 'Queue']);
    const both = checkTemplate(queueWith(denyInsecure({ 'Fn::GetAtt': ['Queue', 'Arn'] })));
    expect(findingsOf(both, 'TLS7').map((f) => f.logicalId)).toEqual(['Other']);
  });

  test('judges a parameter by its AllowedValues and reports unknown policies unresolved', () => {
    const topicWith = (statement: unknown, parameters: Record<string, unknown> = {}) => ({
      Parameters: parameters,
      Resources: {
        Topic: { Type: 'AWS::SNS::Topic' },
        Policy: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: { Statement: [statement] } } },
      },
    });
    const flagged = (param: Record<string, unknown>) =>
      checkTemplate(topicWith(denyInsecure({ Ref: 'Topic' }, 'sns:*', { Bool: { 'aws:SecureTransport': { Ref: 'Flag' } } }), { Flag: { Type: 'String', ...param } }));
    expect(idsOf(flagged({ AllowedValues: ['false'] }), 'TLS7')).toEqual([]);
    expect(idsOf(flagged({ AllowedValues: ['false', 'true'] }), 'TLS7')).toEqual(['Hardened-TLS7']);
    expect(idsOf(flagged({}), 'TLS7')).toEqual(['Hardened-TLS7[Unresolved::Policy.PolicyDocument]']);
    expect(idsOf(checkTemplate(topicWith({ 'Fn::ImportValue': 'SharedStatement' })), 'TLS7')).toEqual(['Hardened-TLS7[Unresolved::Policy.PolicyDocument]']);
  });

  test('reports a CDK token from another stack in the deny as unresolved', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Topic');
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [Fn.importValue('TopicArnPattern')],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const findings = findingsOf(checkStack(stack), 'TLS7');
    expect(findings.map((f) => f.path)).toEqual(['TestStack/Topic/Resource']);
    expect(findings[0].id).toMatch(/^Hardened-TLS7\[Unresolved::TopicPolicy[0-9A-F]+\.PolicyDocument\]$/);
  });
});
