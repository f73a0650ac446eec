import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asNumber, display, getCI, isObject, isUncertain, isUnknown } from '../../values';

/** The longest rotation interval SEC5 accepts (Security Hub SecretsManager.1 uses 90 days too). */
export const MAX_ROTATION_DAYS = 90;

const SCHEDULE = 'AWS::SecretsManager::RotationSchedule';
const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';

/** The rotation schedules that rotate `secret`: directly, or through a target attachment of it (CDK's `secret.attach(db)`). */
function schedulesOf(secret: ResourceView): ResourceView[] {
  const t = secret.template;
  const out = [...t.referencing(SCHEDULE, secret.logicalId)];
  for (const attachment of t.referencing(ATTACHMENT, secret.logicalId)) {
    for (const s of t.referencing(SCHEDULE, attachment.logicalId)) if (!out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * The longest gap, in days, between the rotations a schedule expression asks
 * for; undefined when the expression cannot be read.
 */
export function rotationIntervalDays(expression: string): number | undefined {
  const e = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/i.exec(e);
  if (rate) {
    const n = Number(rate[1]);
    return /^hour/i.test(rate[2]) ? n / 24 : n;
  }
  const cron = /^cron\((.*)\)$/i.exec(e);
  if (!cron) return undefined;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) return undefined;
  const [, , dayOfMonth, month, , year] = fields;
  // A cron limited to some years stops rotating after them.
  if (year !== '*') return Infinity;
  const listed = monthsOf(month);
  if (!listed) return undefined;
  // A day of the month some months lack (31, 30, 29) skips those months.
  const day = /^\d+$/.test(dayOfMonth) ? Number(dayOfMonth) : 0;
  const months = listed.filter((m) => day <= (m === 2 ? 28 : MONTH_DAYS[m - 1]));
  if (months.length === 0) return Infinity;
  // The largest gap, in days, between the first days of consecutive months it runs in (wrapping into the next year).
  let gap = 0;
  for (let i = 0; i < months.length; i++) {
    const next = i + 1 < months.length ? months[i + 1] : months[0] + 12;
    let days = 0;
    for (let m = months[i]; m < next; m++) days += MONTH_DAYS[(m - 1) % 12];
    gap = Math.max(gap, days);
  }
  return gap;
}

/** Days in each month, February in a leap year (the longest gap counts). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** The months (1–12, sorted) a cron month field runs in, or undefined when it cannot be read. */
function monthsOf(field: string): number[] | undefined {
  const set = new Set<number>();
  const num = (s: string): number | undefined => {
    const i = MONTH_NAMES.indexOf(s.toUpperCase());
    if (i >= 0) return i + 1;
    return /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 12 ? Number(s) : undefined;
  };
  for (const part of field.split(',')) {
    const m = /^(\*|\?|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (m[1] === '*' || m[1] === '?') {
      from = 1;
      to = 12;
    } else {
      from = num(m[1]);
      to = m[2] !== undefined ? num(m[2]) : m[3] !== undefined ? 12 : from;
    }
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if (from === undefined || to === undefined || step < 1 || to < from) return undefined;
    for (let x = from; x <= to; x += step) set.add(x);
  }
  return [...set].sort((a, b) => a - b);
}

type Interval = { readonly days: number; readonly shown: string } | { readonly unknown: string };

/** Every interval a schedule's `RotationRules` can give. */
function intervalsOf(schedule: ResourceView, ctx: RuleContext): Interval[] {
  const out: Interval[] = [];
  for (const rules of ctx.variants(schedule.prop('RotationRules'))) {
    if (!isObject(rules)) {
      out.push({ unknown: rules === undefined ? 'no RotationRules' : display(rules) });
      continue;
    }
    const expr = getCI(rules, 'ScheduleExpression');
    const after = getCI(rules, 'AutomaticallyAfterDays');
    if (expr !== undefined) {
      if (typeof expr !== 'string' || isUncertain(expr)) {
        out.push({ unknown: `ScheduleExpression ${display(expr)}` });
        continue;
      }
      const days = rotationIntervalDays(expr);
      out.push(days === undefined ? { unknown: `ScheduleExpression ${expr}` } : { days, shown: expr });
    } else if (after !== undefined) {
      const n = asNumber(after);
      if (typeof n === 'number') out.push({ days: n, shown: `AutomaticallyAfterDays ${n}` });
      else out.push({ unknown: `AutomaticallyAfterDays ${display(after)}` });
    } else {
      out.push({ unknown: 'RotationRules without a schedule' });
    }
  }
  return out;
}

function judgeRotation(secret: ResourceView, ctx: RuleContext) {
  const schedules = schedulesOf(secret);
  if (schedules.length === 0) {
    ctx.report({
      detail: 'Rotation::none',
      message: `Secret ${secret.displayName} has no rotation schedule: a leaked value stays valid until someone changes it by hand`,
    });
    return;
  }
  // The secret complies when one of its schedules provably rotates it often enough.
  let worst: { days: number; shown: string } | undefined;
  let unknown: string | undefined;
  for (const schedule of schedules) {
    const intervals = intervalsOf(schedule, ctx);
    const tooLong = intervals.find((i): i is { days: number; shown: string } => 'days' in i && i.days > MAX_ROTATION_DAYS);
    const open = intervals.find((i): i is { unknown: string } => 'unknown' in i);
    if (!tooLong && !open) return;
    if (tooLong && (!worst || tooLong.days > worst.days)) worst = tooLong;
    if (open && !unknown) unknown = `${open.unknown} (${schedule.displayName})`;
  }
  if (worst) {
    const days = Number.isFinite(worst.days) ? String(Math.round(worst.days)) : 'unbounded';
    ctx.report({
      detail: `RotationDays::${days}`,
      message: `Secret ${secret.displayName} rotates less often than every ${MAX_ROTATION_DAYS} days (${worst.shown})`,
    });
  } else if (unknown) {
    ctx.unresolved('RotationSchedule.RotationRules', `The rotation interval of secret ${secret.displayName}: ${unknown}`);
  }
}

function judgeKey(secret: ResourceView, ctx: RuleContext) {
  for (const raw of ctx.variants(secret.prop('KmsKeyId'))) {
    const key = raw === NO_VALUE ? undefined : raw;
    if (key === undefined || (typeof key === 'string' && /(^|:)alias\/aws\//.test(key))) {
      ctx.report({
        detail: 'KmsKey::aws-managed',
        message: `Secret ${secret.displayName} is encrypted with the AWS managed key ${key === undefined ? '(no KmsKeyId)' : key}: its key policy cannot be narrowed, and anyone in the account allowed to use Secrets Manager can decrypt it`,
      });
    } else if (isUnknown(key) || (typeof key === 'string' && isUncertain(key))) {
      ctx.unresolved('Properties.KmsKeyId', `The KMS key of secret ${secret.displayName} (${display(key)})`);
    }
  }
}

/** SEC5: a Secrets Manager secret without frequent rotation or without a customer managed key. */
export const SEC5: Rule = {
  id: 'SEC5',
  family: 'secrets',
  severity: Severity.WARNING,
  title: 'Secrets rotate at least every 90 days and are encrypted with a customer managed KMS key',
  explanation:
    'Rotation limits how long a leaked secret stays useful. A customer managed key lets its key policy decide who may decrypt the secret, independently of IAM policies, and records every use in CloudTrail against a key you control; the AWS managed key `aws/secretsmanager` is usable by every principal in the account that may call Secrets Manager.',
  fix: 'Add a rotation schedule of at most 90 days and a customer managed key: in CDK `new secretsmanager.Secret(this, \'S\', { encryptionKey: key })` and `secret.addRotationSchedule(\'Rotation\', { hostedRotation: secretsmanager.HostedRotation.mysqlSingleUser(), automaticallyAfter: Duration.days(30) })`; in CloudFormation set `KmsKeyId` to an `AWS::KMS::Key` and add an `AWS::SecretsManager::RotationSchedule` whose `SecretId` is the secret, with `RotationRules.ScheduleExpression: rate(30 days)`.',
  controls: ['SecretsManager.1'],
  resourceTypes: ['AWS::SecretsManager::Secret'],
  check(resource, ctx) {
    judgeRotation(resource, ctx);
    judgeKey(resource, ctx);
  },
};
