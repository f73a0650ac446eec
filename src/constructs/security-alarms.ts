import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { CIS_METRIC_FILTERS } from '../checklist/rules/logging/cis-patterns';

/**
 * The AWS Security Hub control that checks each CIS AWS Foundations Benchmark v3.0
 * monitoring recommendation (4.15 has no Security Hub control).
 */
const SECURITY_HUB_CONTROLS: Readonly<Record<string, string>> = {
  '4.1': 'CloudWatch.2',
  '4.2': 'CloudWatch.3',
  '4.3': 'CloudWatch.1',
  '4.4': 'CloudWatch.4',
  '4.5': 'CloudWatch.5',
  '4.6': 'CloudWatch.6',
  '4.7': 'CloudWatch.7',
  '4.8': 'CloudWatch.8',
  '4.9': 'CloudWatch.9',
  '4.10': 'CloudWatch.10',
  '4.11': 'CloudWatch.11',
  '4.12': 'CloudWatch.12',
  '4.13': 'CloudWatch.13',
  '4.14': 'CloudWatch.14',
};

const METRIC_NAMESPACE = /^[A-Za-z0-9.\-_/#:]{1,255}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Properties of `SecurityAlarms`.
 */
export interface SecurityAlarmsProps {
  /**
   * The CloudWatch Logs log group that receives the CloudTrail events (the trail's
   * `CloudWatchLogsLogGroupArn`). The metric filters are created on it.
   *
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html
   */
  readonly logGroup: logs.ILogGroup;

  /**
   * The SNS topic the alarms notify.
   *
   * A topic you bring is used as it is: make sure it is encrypted with a customer
   * managed KMS key that CloudWatch may use, and that its policy denies
   * `aws:SecureTransport = false` (rule TLS7).
   *
   * @default - a new topic encrypted with `topicEncryptionKey`, whose policy denies
   * requests without TLS and lets CloudWatch alarms of this account publish
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
   */
  readonly topic?: sns.ITopic;

  /**
   * The customer managed KMS key that encrypts the topic this construct creates.
   * Its key policy gets a statement letting `cloudwatch.amazonaws.com` use it for
   * alarms of this account (when the key is imported, add that statement yourself).
   * Ignored when you pass `topic`.
   *
   * @default - a new KMS key with automatic rotation
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
   */
  readonly topicEncryptionKey?: kms.IKey;

  /**
   * Email addresses to subscribe to the topic. Each address gets a confirmation
   * message from SNS and receives alarms once it confirms.
   *
   * @default - no subscription
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
   */
  readonly emailSubscribers?: string[];

  /**
   * The CloudWatch namespace of the metrics the filters publish.
   *
   * @default 'CISBenchmark'
   * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html
   */
  readonly metricNamespace?: string;

  /**
   * The period over which each alarm sums its metric.
   *
   * @default Duration.minutes(5)
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
   */
  readonly period?: Duration;
}

/**
 * CloudWatch Logs metric filters and CloudWatch alarms for the CIS AWS Foundations
 * Benchmark v3.0 monitoring recommendations 4.1 to 4.15 (Security Hub CloudWatch.1 to
 * CloudWatch.14), on a log group that receives CloudTrail events, notifying an SNS
 * topic.
 *
 * Each filter uses the pattern the benchmark gives, from the same list rule LOG7
 * recognises, publishes the value 1 per matching event, and has an alarm that fires
 * when the sum over `period` is at least 1. The topic this construct creates is
 * encrypted with a customer managed KMS key and denies publishing without TLS.
 *
 * `SecureTrail` creates this construct by default; use it on its own for a trail
 * defined elsewhere.
 *
 * @example
 * declare const trailLogGroup: logs.ILogGroup;
 * new SecurityAlarms(this, 'CisAlarms', {
 *   logGroup: trailLogGroup,
 *   emailSubscribers: ['security@example.com'],
 * });
 */
export class SecurityAlarms extends Construct {
  /** The topic the alarms notify. */
  public readonly topic: sns.ITopic;

  /**
   * The KMS key that encrypts the topic this construct created.
   * Undefined when you passed your own `topic`.
   */
  public readonly topicEncryptionKey?: kms.IKey;

  /** The metric filters, one per CIS recommendation, in benchmark order (4.1 first). */
  public readonly metricFilters: logs.MetricFilter[] = [];

  /** The alarms, one per metric filter, in the same order. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /** The CloudWatch namespace of the metrics. */
  public readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: SecurityAlarmsProps) {
    super(scope, id);

    const namespace = props.metricNamespace ?? 'CISBenchmark';
    if (!Token.isUnresolved(namespace) && !METRIC_NAMESPACE.test(namespace)) {
      throw new Error(
        `metricNamespace '${namespace}' is not a valid CloudWatch namespace: use 1-255 letters, digits and . - _ / # : (for example 'CISBenchmark')`,
      );
    }
    this.metricNamespace = namespace;

    const period = props.period ?? Duration.minutes(5);
    if (!period.isUnresolved()) {
      const seconds = period.toSeconds();
      if (seconds < 60 || seconds % 60 !== 0) {
        throw new Error(
          `period ${period.toHumanString()} is not a whole number of minutes: CloudWatch alarms on metric filter metrics need a period of 1 minute or a multiple of it (for example Duration.minutes(5))`,
        );
      }
    }

    for (const email of props.emailSubscribers ?? []) {
      if (!Token.isUnresolved(email) && !EMAIL.test(email)) {
        throw new Error(`emailSubscribers holds '${email}', which is not an email address: pass addresses such as 'security@example.com'`);
      }
    }

    if (props.topic) {
      this.topic = props.topic;
    } else {
      const key =
        props.topicEncryptionKey ??
        new kms.Key(this, 'TopicKey', {
          description: `Encrypts the CIS security alarm topic of ${this.node.path}`,
          enableKeyRotation: true,
        });
      this.topicEncryptionKey = key;
      this.topic = this.createTopic(key);
    }

    for (const email of props.emailSubscribers ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }

    const action = new cloudwatchActions.SnsAction(this.topic);
    for (const cis of CIS_METRIC_FILTERS) {
      const securityHub = SECURITY_HUB_CONTROLS[cis.cisControl];
      const controls = `CIS AWS Foundations Benchmark v3.0 ${cis.cisControl}${securityHub ? `, Security Hub ${securityHub}` : ''}`;
      const filter = new logs.MetricFilter(this, cis.id, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(cis.pattern),
        metricNamespace: namespace,
        metricName: cis.id,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${cis.id}Alarm`, {
        alarmDescription: `${cis.name} (${controls}): at least one matching CloudTrail event`,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.metricFilters.push(filter);
      this.alarms.push(alarm);
    }
  }

  private createTopic(key: kms.IKey): sns.Topic {
    const stack = Stack.of(this);
    const alarmArns = stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    // CloudWatch publishes alarm notifications as its service principal: it needs the
    // key (the topic is encrypted) and sns:Publish (the topic policy replaces the
    // default one). Both are limited to alarms of this account and region.
    const fromAlarmsOfThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': alarmArns },
    };
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromAlarmsOfThisAccount,
      }),
    );
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'CIS security alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromAlarmsOfThisAccount,
      }),
    );
    return topic;
  }
}
