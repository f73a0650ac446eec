import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { rotationIntervalDays } from '../../../../src/checklist/rules/secrets/secret-rotation';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const CMK = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A raw template with a secret and (optionally) a rotation schedule for it. */
function secretTemplate(secret: Record<string, unknown>, rules?: unknown, extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = { Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {}, ...secret } } };
  if (rules !== undefined) {
    resources.Rotation = {
      Type: 'AWS::SecretsManager::RotationSchedule',
      Properties: { SecretId: { Ref: 'Secret' }, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:rotate', RotationRules: rules },
    };
  }
  return { ...extra, Resources: resources };
}

describe('SEC5 secret rotation and encryption', () => {
  test('fails (warning) when a Secret has no rotation and the AWS managed key', () => {
    const stack = newStack();
    new secretsmanager.Secret(stack, 'Secret');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC5')).toEqual(['Hardened-SEC5[KmsKey::aws-managed]', 'Hardened-SEC5[Rotation::none]']);
    for (const f of findingsOf(findings, 'SEC5')) {
      expect(f.severity).toBe(Severity.WARNING);
      expect(f.path).toBe('TestStack/Secret/Resource');
    }
  });

  test('passes when the secret has a customer managed key and rotates every 30 days', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
    secret.addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(), automaticallyAfter: Duration.days(30) });
    expect(idsOf(checkStack(stack), 'SEC5')).toEqual([]);
  });

  test('fails when the rotation is every 120 days', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const secret = new secretsmanager.Secret(stack, 'Secret', { encryptionKey: key });
    secret.addRotationSchedule('Rotation', { hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser(), automaticallyAfter: Duration.days(120) });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC5')).toEqual(['Hardened-SEC5[RotationDays::120]']);
    expect(findingsOf(findings, 'SEC5')[0].path).toBe('TestStack/Secret/Resource');
  });

  test('fails on a raw secret with AutomaticallyAfterDays "365" and the alias aws/secretsmanager', () => {
    const findings = checkTemplate(secretTemplate({ KmsKeyId: 'alias/aws/secretsmanager' }, { AutomaticallyAfterDays: '365' }));
    expect(idsOf(findings, 'SEC5')).toEqual(['Hardened-SEC5[KmsKey::aws-managed]', 'Hardened-SEC5[RotationDays::365]']);
    expect(findingsOf(findings, 'SEC5').map((f) => f.logicalId)).toEqual(['Secret', 'Secret']);
  });

  test.each([
    [{ AutomaticallyAfterDays: 90 }],
    [{ ScheduleExpression: 'rate(4 hours)' }],
    [{ ScheduleExpression: 'rate(30 days)' }],
    [{ ScheduleExpression: 'cron(0 8 1 * ? *)' }],
    [{ ScheduleExpression: 'cron(0 8 ? JAN,MAR,MAY,JUL,SEP,NOV SUN#1 *)' }],
  ])('passes a raw rotation schedule of %j', (rules) => {
    expect(idsOf(checkTemplate(secretTemplate({ KmsKeyId: CMK }, rules)), 'SEC5')).toEqual([]);
  });

  test.each([
    [{ AutomaticallyAfterDays: 91 }, 'Hardened-SEC5[RotationDays::91]'],
    [{ ScheduleExpression: 'rate(180 days)' }, 'Hardened-SEC5[RotationDays::180]'],
    [{ ScheduleExpression: 'cron(0 8 1 1/3 ? *)' }, 'Hardened-SEC5[RotationDays::92]'],
    [{ ScheduleExpression: 'cron(0 8 1 JAN ? *)' }, 'Hardened-SEC5[RotationDays::366]'],
    [{ ScheduleExpression: 'cron(0 8 1 * ? 2026)' }, 'Hardened-SEC5[RotationDays::unbounded]'],
  ])('fails a raw rotation schedule of %j', (rules, id) => {
    expect(idsOf(checkTemplate(secretTemplate({ KmsKeyId: CMK }, rules)), 'SEC5')).toEqual([id]);
  });

  test('passes when rotation goes through a target attachment of the secret', () => {
    const template = secretTemplate({ KmsKeyId: CMK });
    Object.assign(template.Resources, {
      Attachment: { Type: 'AWS::SecretsManager::SecretTargetAttachment', Properties: { SecretId: { Ref: 'Secret' }, TargetId: 'db-1', TargetType: 'AWS::RDS::DBInstance' } },
      Rotation: {
        Type: 'AWS::SecretsManager::RotationSchedule',
        Properties: { SecretId: { Ref: 'Attachment' }, HostedRotationLambda: { RotationType: 'MySQLSingleUser' }, RotationRules: { ScheduleExpression: 'rate(30 days)' } },
      },
    });
    expect(idsOf(checkTemplate(template), 'SEC5')).toEqual([]);
  });

  test('fails Unresolved when the rotation interval and the key are parameters without allowed values', () => {
    const findings = checkTemplate(
      secretTemplate({ KmsKeyId: { Ref: 'KeyId' } }, { AutomaticallyAfterDays: { Ref: 'Days' } }, { Parameters: { Days: { Type: 'Number' }, KeyId: { Type: 'String' } } }),
    );
    expect(idsOf(findings, 'SEC5')).toEqual(['Hardened-SEC5[Unresolved::Properties.KmsKeyId]', 'Hardened-SEC5[Unresolved::RotationSchedule.RotationRules]']);
  });

  test('judges every allowed value of a parameter', () => {
    const params = (days: number[]) => ({ Parameters: { Days: { Type: 'Number', AllowedValues: days } } });
    expect(idsOf(checkTemplate(secretTemplate({ KmsKeyId: CMK }, { AutomaticallyAfterDays: { Ref: 'Days' } }, params([7, 30]))), 'SEC5')).toEqual([]);
    expect(idsOf(checkTemplate(secretTemplate({ KmsKeyId: CMK }, { AutomaticallyAfterDays: { Ref: 'Days' } }, params([30, 180]))), 'SEC5')).toEqual([
      'Hardened-SEC5[RotationDays::180]',
    ]);
  });

  test('fails when one branch of an Fn::If drops the KMS key, and when the key is imported', () => {
    const conditions = { Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } };
    const dropped = secretTemplate({ KmsKeyId: { 'Fn::If': ['IsProd', CMK, { Ref: 'AWS::NoValue' }] } }, { AutomaticallyAfterDays: 30 }, conditions);
    expect(idsOf(checkTemplate(dropped), 'SEC5')).toEqual(['Hardened-SEC5[KmsKey::aws-managed]']);
    const imported = secretTemplate({ KmsKeyId: { 'Fn::ImportValue': 'SharedKeyArn' } }, { AutomaticallyAfterDays: 30 });
    expect(idsOf(checkTemplate(imported), 'SEC5')).toEqual(['Hardened-SEC5[Unresolved::Properties.KmsKeyId]']);
  });

  test('reads the interval of rate and cron expressions', () => {
    expect(rotationIntervalDays('rate(1 day)')).toBe(1);
    expect(rotationIntervalDays('rate(12 hours)')).toBe(0.5);
    expect(rotationIntervalDays('cron(0 0 1 */2 ? *)')).toBe(62);
    expect(rotationIntervalDays('cron(0 0 1 1-12/4 ? *)')).toBe(123);
    expect(rotationIntervalDays('cron(0 0 31 1/2 ? *)')).toBe(184);
    expect(rotationIntervalDays('cron(0 0 30 FEB ? *)')).toBe(Infinity);
    expect(rotationIntervalDays('every day')).toBeUndefined();
  });
});
