// Edge cases of SEC5 found by mutation testing: how schedule expressions are read,
// secrets with several schedules, rotation rules that cannot be read, and what the
// findings say.
import { rotationIntervalDays } from '../../../../src/checklist/rules/secrets/secret-rotation';
import { checkTemplate, findingsOf } from '../../helpers';

const CMK = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** The SEC5 findings of a secret `Secret` with one rotation schedule per entry of `rules` (`Rotation`, `Rotation2`, …). */
function sec5Of(secret: Record<string, unknown>, rules: unknown[], extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = { Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {}, ...secret } } };
  rules.forEach((r, i) => {
    const properties: Record<string, unknown> = { SecretId: { Ref: 'Secret' }, RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:rotate' };
    if (r !== undefined) properties.RotationRules = r;
    resources[`Rotation${i === 0 ? '' : i + 1}`] = { Type: 'AWS::SecretsManager::RotationSchedule', Properties: properties };
  });
  return findingsOf(checkTemplate({ ...extra, Resources: resources }), 'SEC5');
}
const ids = (findings: ReturnType<typeof sec5Of>) => findings.map((f) => f.id).sort();

describe('SEC5 edge cases', () => {
  describe('reading schedule expressions', () => {
    test.each([
      [' rate(30 days) ', 30],
      ['rate(30  days)', 30],
      ['rate( 30 days )', 30],
      ['cron( 0 8 1 * ? * )', 31],
      ['cron(0  8 1 * ? *)', 31],
      // A day of the month with a suffix or a list is as frequent as the first of every month.
      ['cron(0 8 15W * ? *)', 31],
      ['cron(0 8 1,15 * ? *)', 31],
      // The 29th skips February: the longest gap is January 29 to March 29.
      ['cron(0 0 29 * ? *)', 60],
      ['cron(0 8 1 JAN-MAR ? *)', 306],
      ['cron(0 8 1 MAR,JAN ? *)', 306],
      ['cron(0 8 1 1/12 ? *)', 366],
      ['cron(0 8 1 FEB,APR,JUN,AUG,OCT,DEC ? *)', 62],
    ])('%s rotates at least every %d days', (expression, days) => {
      expect(rotationIntervalDays(expression)).toBe(days);
    });

    test.each([
      ['rate(30 days)x'],
      ['xrate(30 days)'],
      ['cron(0 8 1 * ? *)x'],
      ['xcron(0 8 1 * ? *)'],
      ['cron(0 8 1 * ?)'],
      ['cron(0 8 1 FOO ? *)'],
      ['cron(0 8 1 13 ? *)'],
      ['cron(0 8 1 0 ? *)'],
      ['cron(0 8 1 -3 ? *)'],
      ['cron(0 8 1 3- ? *)'],
      ['cron(0 8 1 JAN-MAR-MAY ? *)'],
      ['cron(0 8 1 JAN-FOO ? *)'],
      ['cron(0 8 1 FOO-MAR ? *)'],
      ['cron(0 8 1 DEC-JAN ? *)'],
      ['cron(0 8 1 */0 ? *)'],
    ])('%s cannot be read', (expression) => {
      expect(rotationIntervalDays(expression)).toBeUndefined();
    });
  });

  describe('secrets with several rotation schedules', () => {
    test('complies when one schedule rotates often enough', () => {
      expect(sec5Of({ KmsKeyId: CMK }, [{ AutomaticallyAfterDays: 30 }, { AutomaticallyAfterDays: 180 }])).toEqual([]);
      expect(sec5Of({ KmsKeyId: CMK }, [{ AutomaticallyAfterDays: 180 }, { AutomaticallyAfterDays: 30 }])).toEqual([]);
    });

    test('reports the longest interval when none does, whatever the order', () => {
      expect(ids(sec5Of({ KmsKeyId: CMK }, [{ AutomaticallyAfterDays: 120 }, { AutomaticallyAfterDays: 365 }]))).toEqual(['Hardened-SEC5[RotationDays::365]']);
      expect(ids(sec5Of({ KmsKeyId: CMK }, [{ AutomaticallyAfterDays: 365 }, { AutomaticallyAfterDays: 120 }]))).toEqual(['Hardened-SEC5[RotationDays::365]']);
    });

    test('a provably too long interval is a finding even when another schedule cannot be read', () => {
      expect(ids(sec5Of({ KmsKeyId: CMK }, [{ AutomaticallyAfterDays: 120 }, { ScheduleExpression: 'every day' }]))).toEqual(['Hardened-SEC5[RotationDays::120]']);
      expect(ids(sec5Of({ KmsKeyId: CMK }, [{ ScheduleExpression: 'every day' }, { AutomaticallyAfterDays: 120 }]))).toEqual(['Hardened-SEC5[RotationDays::120]']);
    });
  });

  describe('rotation rules that cannot be read are unresolved, saying why', () => {
    const unresolved = (rules: unknown, extra: Record<string, unknown> = {}) => {
      const findings = sec5Of({ KmsKeyId: CMK }, [rules], extra);
      expect(ids(findings)).toEqual(['Hardened-SEC5[Unresolved::RotationSchedule.RotationRules]']);
      return findings[0].message;
    };

    test.each([
      ['no RotationRules', undefined, 'no RotationRules (Rotation)'],
      ['RotationRules imported from another stack', { 'Fn::ImportValue': 'SharedRules' }, '<Fn::ImportValue> (Rotation)'],
      ['RotationRules without a schedule', {}, 'RotationRules without a schedule (Rotation)'],
      ['an expression that is not a string', { ScheduleExpression: 30 }, 'ScheduleExpression 30 (Rotation)'],
      ['an expression that cannot be read', { ScheduleExpression: 'every day' }, 'ScheduleExpression every day (Rotation)'],
      ['a number of days that is not a number', { AutomaticallyAfterDays: 'monthly' }, 'AutomaticallyAfterDays monthly (Rotation)'],
    ])('%s', (_what, rules, why) => {
      expect(unresolved(rules)).toMatch(new RegExp(`^The rotation interval of secret Secret: ${why.replace(/[()]/g, '\\$&')} cannot be verified`));
    });

    test('an expression from a parameter without allowed values', () => {
      expect(unresolved({ ScheduleExpression: { Ref: 'Schedule' } }, { Parameters: { Schedule: { Type: 'String' } } })).toContain(
        'The rotation interval of secret Secret: ScheduleExpression ${Ref.Schedule} (Rotation)',
      );
    });
  });

  describe('what the findings say', () => {
    test('no rotation, and the AWS managed key for want of a KmsKeyId', () => {
      const findings = sec5Of({}, []);
      const message = (id: string) => findings.find((f) => f.id === id)!.message;
      expect(message('Hardened-SEC5[Rotation::none]')).toMatch(/^Secret Secret has no rotation schedule/);
      expect(message('Hardened-SEC5[KmsKey::aws-managed]')).toMatch(/^Secret Secret is encrypted with the AWS managed key \(no KmsKeyId\)/);
    });

    test('a too long interval names the rule that sets it, and the AWS managed key names its alias', () => {
      const findings = sec5Of({ KmsKeyId: 'alias/aws/secretsmanager' }, [{ AutomaticallyAfterDays: 365 }]);
      const message = (id: string) => findings.find((f) => f.id === id)!.message;
      expect(message('Hardened-SEC5[RotationDays::365]')).toBe('Secret Secret rotates less often than every 90 days (AutomaticallyAfterDays 365)');
      expect(message('Hardened-SEC5[KmsKey::aws-managed]')).toMatch(/^Secret Secret is encrypted with the AWS managed key alias\/aws\/secretsmanager:/);
    });

    test('a key that cannot be known names the secret', () => {
      const [f] = sec5Of({ KmsKeyId: { 'Fn::ImportValue': 'SharedKey' } }, [{ AutomaticallyAfterDays: 30 }]);
      expect(f.id).toBe('Hardened-SEC5[Unresolved::Properties.KmsKeyId]');
      expect(f.message).toMatch(/^The KMS key of secret Secret \(<Fn::ImportValue>\) cannot be verified/);
    });
  });
});
