import { PolicyValue } from './policy-statements';
import { hasUnknownPart, isUnknown, wildcardToRegExp } from '../../values';

/**
 * How far a policy value reaches: `yes` it does (for every value its unknown parts
 * could take), `maybe` it could (an unknown part decides), `no` it cannot.
 */
export type Reach = 'yes' | 'maybe' | 'no';

/** An ARN split into its parts (lower-case service). */
export interface ParsedArn {
  readonly service: string;
  readonly resource: string;
}

/**
 * Services whose ARN resource part starts with a name chosen by the user, not a
 * resource type (`arn:aws:s3:::my-bucket/*`, `arn:aws:sns:...:my-topic`), so
 * `<name>/*` is not "every resource of a type".
 */
const NAME_FIRST_SERVICES = new Set(['s3', 'sns', 'sqs', 'execute-api']);

const ALL_WILDCARDS = /^[*/:]*\*[*/:]*$/;

function parseArn(s: string): ParsedArn | undefined {
  if (!s.startsWith('arn:')) return undefined;
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2].toLowerCase(), resource: parts.slice(5).join(':') };
}

/**
 * True when an ARN's resource part names every resource of its type: only
 * wildcards (`*`, `*\/*`), or a resource type followed by only wildcards
 * (`table/*`, `parameter/*`, `role/*`, `log-group:*`, `log-group:*:*`). For S3 (and
 * other services whose resource part starts with a name) only `*` and `*\/*`.
 * A path or name prefix (`parameter/app/*`, `table/orders*`, `my-bucket/*`) is not.
 *
 * @param types when given, only resources of these types (lower-case) count
 */
export function arnNamesAll(arn: ParsedArn, types?: readonly string[]): boolean {
  if (ALL_WILDCARDS.test(arn.resource)) return true;
  if (NAME_FIRST_SERVICES.has(arn.service)) return false;
  const m = /^\/?([A-Za-z0-9_.-]+)[/:](.*)$/.exec(arn.resource);
  if (!m || !ALL_WILDCARDS.test(m[2])) return false;
  return types === undefined || types.includes(m[1].toLowerCase());
}

/**
 * Whether a `Resource` value covers every resource a test describes.
 *
 * `covers` judges a concrete ARN; `*` (any run of `*`) always covers. Holes are
 * judged both ways: a `⟦specific⟧` hole is a concrete name; a `⟪unknown⟫` one
 * could be anything, so the value is `maybe` when the test holds with the hole
 * read as `*` (`arn:aws:ssm:*:*:parameter/${Name}`) and `no` when it cannot
 * (`arn:aws:s3:::${Bucket}/releases/*`).
 */
export function resourceReach(value: PolicyValue, covers: (arn: ParsedArn) => boolean): Reach {
  if (isUnknown(value)) return 'maybe';
  const test = (s: string) => {
    if (/^\*+$/.test(s)) return true;
    const arn = parseArn(s);
    return arn !== undefined && covers(arn);
  };
  const specific = value.replace(/⟦[^⟧]*⟧/g, 'x');
  if (test(specific.replace(/⟪[^⟫]*⟫/g, 'x'))) return 'yes';
  if (!hasUnknownPart(value)) return 'no';
  if (test(specific.replace(/⟪[^⟫]*⟫/g, '*'))) return 'maybe';
  // A value that starts with an unknown part may be a whole ARN prefix (`${Arn}/*`).
  return specific.startsWith('⟪') ? 'maybe' : 'no';
}

/** Whether a `Resource` value is "all resources" (IAM2): `*` or an ARN that names every resource of its type. */
export function allResourcesReach(value: PolicyValue): Reach {
  return resourceReach(value, (arn) => arnNamesAll(arn));
}

/**
 * Whether a `Resource` value covers every resource of one of `types` of `service`
 * (`*`, `arn:aws:iam::*:role/*`, `arn:aws:iam::123456789012:*`).
 */
export function typeReach(value: PolicyValue, service: string, types: readonly string[]): Reach {
  return resourceReach(value, (arn) => (arn.service === service || arn.service.includes('*')) && arnNamesAll(arn, types));
}

/**
 * Whether an `Action` value (an action or a pattern: `iam:*`, `iam:Pass*`, `*`)
 * grants `action` (case-insensitive). A `⟪unknown⟫` part makes it `maybe` when
 * the pattern matches with the part read as `*`.
 */
export function actionReach(value: PolicyValue, action: string): Reach {
  if (isUnknown(value)) return 'maybe';
  const specific = value.replace(/⟦[^⟧]*⟧/g, '\u0000');
  if (wildcardToRegExp(specific.replace(/⟪[^⟫]*⟫/g, '\u0000')).test(action)) return 'yes';
  if (!hasUnknownPart(value)) return 'no';
  return wildcardToRegExp(specific.replace(/⟪[^⟫]*⟫/g, '*')).test(action) ? 'maybe' : 'no';
}

/** An action the rule cares about and the resource types it acts on. */
export interface ActionTarget {
  readonly action: string;
  readonly service: string;
  readonly types: readonly string[];
}

/** What one `Action` value of a statement reaches among the rule's targets, on the statement's resources. */
export interface TargetReach {
  /** The targeted actions the value grants on every resource of their type. */
  readonly granted: string[];
  /** The resources (as written) through which they are granted. */
  readonly reached: string[];
  /** `Action` or `Resource`: which part could not be judged, when nothing is proven. */
  readonly uncertain?: 'Action' | 'Resource';
}

const both = (a: Reach, b: Reach): Reach => (a === 'no' || b === 'no' ? 'no' : a === 'yes' && b === 'yes' ? 'yes' : 'maybe');

/** Judges one `Action` value against targeted actions on every resource of a statement (IAM7, SEC6). */
export function reachTargets(
  value: PolicyValue,
  resources: readonly PolicyValue[],
  targets: readonly ActionTarget[],
  show: (v: PolicyValue) => string,
): TargetReach {
  const granted: string[] = [];
  const reached: string[] = [];
  let uncertain: 'Action' | 'Resource' | undefined;
  for (const { action, service, types } of targets) {
    const byAction = actionReach(value, action);
    if (byAction === 'no') continue;
    for (const r of resources) {
      const reach = both(byAction, typeReach(r, service, types));
      if (reach === 'yes') {
        if (!granted.includes(action)) granted.push(action);
        if (!reached.includes(show(r))) reached.push(show(r));
      } else if (reach === 'maybe' && uncertain === undefined) {
        uncertain = byAction === 'maybe' ? 'Action' : 'Resource';
      }
    }
  }
  return { granted, reached, uncertain };
}
