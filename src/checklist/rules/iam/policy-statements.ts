import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { RuleContext } from '../../rule';
import { Unknown, display, getCI, hasHole, isObject, isUnknown } from '../../values';

/**
 * Reading the identity policies of a resource: the statements of its policy
 * documents, with where each came from, and the managed policies it attaches.
 * Shared by IAM1-IAM4, IAM7 and SEC6 (and IAM8 for trust policies).
 */

/** One resolved element of `Action`, `Resource` and the like: a string (maybe with holes) or a value not known at synth time. */
export type PolicyValue = string | Unknown;

/** One statement of a policy document. */
export interface PolicyStatement {
  /** Where the statement is in the resource, for `Unresolved::<path>` details (`Properties.PolicyDocument.Statement.0`). */
  readonly path: string;
  /** Readable origin for messages: `statement 1 (Sid "S3") of inline policy 'Default'`. */
  readonly where: string;
  /** True when the statement's `Effect` is, or may be, `Allow`. */
  readonly allow: boolean;
  /** The values of `Action`; undefined when the statement has none. */
  readonly action?: readonly PolicyValue[];
  readonly notAction?: readonly PolicyValue[];
  readonly resource?: readonly PolicyValue[];
  readonly notResource?: readonly PolicyValue[];
  /** The raw statement (for `Principal`, `NotPrincipal`, `Condition`). */
  readonly raw: Record<string, unknown>;
}

/** A policy document, statement list or statement that could not be read at synth time. */
export interface UnknownPolicyPart {
  readonly path: string;
  readonly what: string;
}

/** A managed policy attached to a role, user or group (or listed in a SAM function's `Policies`). */
export interface AttachedPolicy {
  /** The property that attaches it, for `Unresolved::<path>` details. */
  readonly path: string;
  /** An ARN, or (SAM) an AWS managed policy name. */
  readonly value: PolicyValue;
}

/** The identity policies a resource holds. */
export interface IdentityPolicies {
  readonly statements: readonly PolicyStatement[];
  readonly unknown: readonly UnknownPolicyPart[];
  readonly attached: readonly AttachedPolicy[];
}

/** The resource types that hold identity-policy statements or managed-policy attachments. */
export const IDENTITY_POLICY_TYPES: readonly string[] = [
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::RolePolicy',
  'AWS::IAM::UserPolicy',
  'AWS::IAM::GroupPolicy',
  'AWS::Serverless::Function',
];

/** The resource types that attach managed policies (IAM4). */
export const MANAGED_POLICY_HOLDER_TYPES: readonly string[] = ['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::Serverless::Function'];

const cache = new WeakMap<ResourceView, IdentityPolicies>();

/**
 * The identity-policy statements and managed-policy attachments of a resource:
 * inline `Policies` and `ManagedPolicyArns` of roles, users and groups, the
 * `PolicyDocument` of `AWS::IAM::Policy`, `ManagedPolicy`, `RolePolicy`,
 * `UserPolicy` and `GroupPolicy`, and a SAM function's `Policies` (policy
 * documents; strings are AWS managed policy names or ARNs; SAM policy templates
 * such as `S3ReadPolicy` are scoped to one resource and skipped).
 *
 * `Fn::If` is followed at every level (every branch is read); `AWS::NoValue`
 * drops what it stands for.
 */
export function identityPolicies(resource: ResourceView, ctx: RuleContext): IdentityPolicies {
  let result = cache.get(resource);
  if (!result) {
    result = readIdentityPolicies(resource, ctx);
    cache.set(resource, result);
  }
  return result;
}

/** The statements of a role's trust policy (`AssumeRolePolicyDocument`). */
export function trustStatements(resource: ResourceView, ctx: RuleContext): { statements: PolicyStatement[]; unknown: UnknownPolicyPart[] } {
  const out = { statements: [] as PolicyStatement[], unknown: [] as UnknownPolicyPart[], attached: [] as AttachedPolicy[] };
  const doc = resource.prop('AssumeRolePolicyDocument');
  if (doc !== undefined) readDocument(doc, 'Properties.AssumeRolePolicyDocument', 'the trust policy', ctx, out);
  return out;
}

interface Collector {
  statements: PolicyStatement[];
  unknown: UnknownPolicyPart[];
  attached: AttachedPolicy[];
}

function readIdentityPolicies(resource: ResourceView, ctx: RuleContext): IdentityPolicies {
  const out: Collector = { statements: [], unknown: [], attached: [] };
  if (resource.unreadable) {
    out.unknown.push({ path: 'Properties', what: `the properties of ${resource.displayName}` });
    return out;
  }
  switch (resource.type) {
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
      readInlinePolicies(resource.prop('Policies'), ctx, out);
      readAttachments(resource.prop('ManagedPolicyArns'), 'Properties.ManagedPolicyArns', ctx, out);
      break;
    case 'AWS::IAM::Policy':
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::IAM::RolePolicy':
    case 'AWS::IAM::UserPolicy':
    case 'AWS::IAM::GroupPolicy': {
      const doc = resource.prop('PolicyDocument');
      if (doc !== undefined) readDocument(doc, 'Properties.PolicyDocument', 'the policy document', ctx, out);
      break;
    }
    case 'AWS::Serverless::Function':
      readSamPolicies(resource.prop('Policies'), ctx, out);
      break;
    default:
      break;
  }
  return out;
}

/** The alternatives of a raw value at its top level (`Fn::If` branches, parameter values), `AWS::NoValue` dropped. */
function alternatives(raw: unknown, ctx: RuleContext): unknown[] {
  return ctx.template.resolver.shallow(raw).filter((v) => v !== NO_VALUE && v !== undefined && v !== null);
}

/** The raw elements of a list at `path`, with their index (across every alternative of the list). */
function elements(raw: unknown, ctx: RuleContext): Array<{ value: unknown; index?: number }> {
  const out: Array<{ value: unknown; index?: number }> = [];
  for (const list of alternatives(raw, ctx)) {
    if (Array.isArray(list)) {
      list.forEach((item, index) => {
        for (const v of alternatives(item, ctx)) out.push({ value: v, index });
      });
    } else {
      out.push({ value: list });
    }
  }
  return out;
}

function readInlinePolicies(raw: unknown, ctx: RuleContext, out: Collector) {
  if (raw === undefined) return;
  for (const { value: policy, index } of elements(raw, ctx)) {
    const path = index === undefined ? 'Properties.Policies' : `Properties.Policies.${index}`;
    if (!isObject(policy)) {
      out.unknown.push({ path, what: 'an inline policy' });
      continue;
    }
    const nameValues = ctx.variants(getCI(policy, 'PolicyName'));
    const name = nameValues.length === 1 && typeof nameValues[0] === 'string' ? display(nameValues[0]) : undefined;
    const label = name !== undefined ? `inline policy '${name}'` : `inline policy ${(index ?? 0) + 1}`;
    const doc = getCI(policy, 'PolicyDocument');
    if (doc !== undefined) readDocument(doc, `${path}.PolicyDocument`, label, ctx, out);
  }
}

function readAttachments(raw: unknown, path: string, ctx: RuleContext, out: Collector) {
  if (raw === undefined) return;
  for (const item of ctx.items(raw)) {
    for (const value of resolvedValues(item, ctx)) out.attached.push({ path, value });
  }
}

function readSamPolicies(raw: unknown, ctx: RuleContext, out: Collector) {
  if (raw === undefined) return;
  for (const { value: item, index } of elements(raw, ctx)) {
    const path = index === undefined ? 'Properties.Policies' : `Properties.Policies.${index}`;
    if (isObject(item)) {
      // A policy document has `Statement`; any other object is a SAM policy template.
      if (getCI(item, 'Statement') !== undefined) {
        readDocument(item, path, index === undefined ? 'the Policies document' : `policy document ${index + 1} of Policies`, ctx, out);
      }
    } else if (typeof item === 'string' || isUnknown(item)) {
      out.attached.push({ path: 'Properties.Policies', value: item });
    } else {
      out.unknown.push({ path, what: 'an entry of Policies' });
    }
  }
}

function readDocument(raw: unknown, path: string, label: string, ctx: RuleContext, out: Collector) {
  for (const alt of alternatives(raw, ctx)) {
    let doc: unknown = alt;
    if (typeof doc === 'string') {
      try {
        doc = JSON.parse(doc);
      } catch {
        out.unknown.push({ path, what: label });
        continue;
      }
    }
    if (!isObject(doc)) {
      out.unknown.push({ path, what: label });
      continue;
    }
    const statements = getCI(doc, 'Statement');
    if (statements === undefined) continue;
    for (const list of alternatives(statements, ctx)) {
      if (Array.isArray(list)) {
        list.forEach((item, i) => {
          for (const s of alternatives(item, ctx)) addStatement(s, `${path}.Statement.${i}`, i, label, ctx, out);
        });
      } else {
        addStatement(list, `${path}.Statement`, 0, label, ctx, out);
      }
    }
  }
}

function addStatement(raw: unknown, path: string, index: number, label: string, ctx: RuleContext, out: Collector) {
  if (!isObject(raw)) {
    out.unknown.push({ path, what: `statement ${index + 1} of ${label}` });
    return;
  }
  const sid = getCI(raw, 'Sid');
  const where = `statement ${index + 1}${typeof sid === 'string' && sid !== '' ? ` ("${sid}")` : ''} of ${label}`;
  const effects = ctx.variants(getCI(raw, 'Effect'));
  // A statement is judged as an Allow unless every value its Effect can take is Deny.
  const allow = effects.some((e) => !(typeof e === 'string' && e.trim().toLowerCase() === 'deny'));
  out.statements.push({
    path,
    where,
    allow,
    action: field(raw, 'Action', ctx),
    notAction: field(raw, 'NotAction', ctx),
    resource: field(raw, 'Resource', ctx),
    notResource: field(raw, 'NotResource', ctx),
    raw,
  });
}

function field(statement: Record<string, unknown>, name: string, ctx: RuleContext): PolicyValue[] | undefined {
  const raw = getCI(statement, name);
  if (raw === undefined) return undefined;
  const out: PolicyValue[] = [];
  for (const item of ctx.items(raw)) out.push(...resolvedValues(item, ctx));
  return out.length > 0 ? dedupe(out) : undefined;
}

/** Every value a raw element can take, as strings (with holes) or Unknown. */
export function resolvedValues(raw: unknown, ctx: RuleContext): PolicyValue[] {
  const out: PolicyValue[] = [];
  const add = (v: unknown) => {
    if (v === NO_VALUE || v === undefined || v === null) return;
    if (typeof v === 'string' || isUnknown(v)) out.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push(String(v));
    else if (Array.isArray(v)) v.forEach(add);
    else out.push(new Unknown(`not a string: ${display(v)}`));
  };
  ctx.variants(raw).forEach(add);
  return out;
}

function dedupe(values: PolicyValue[]): PolicyValue[] {
  const seen = new Set<string>();
  const out: PolicyValue[] = [];
  for (const v of values) {
    const key = isUnknown(v) ? `?${v.reason}` : v;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** The statements IAM1, IAM2, IAM7 and SEC6 judge: `Allow` with `Action` and without `NotAction`/`NotResource`. */
export function judgedAllowStatements(policies: IdentityPolicies): PolicyStatement[] {
  return policies.statements.filter((s) => s.allow && s.action !== undefined && s.notAction === undefined && s.notResource === undefined);
}

/** How an `Unresolved` finding names a part that could not be read: `The policy document of <resource>`. */
export function describeUnknown(part: UnknownPolicyPart, resource: ResourceView): string {
  const text = `${part.what} of ${resource.displayName}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** True when a value could be anything, or holds a part the engine cannot spell. */
export function isOpaque(v: PolicyValue): boolean {
  return isUnknown(v) || hasHole(v);
}

/** A short readable list of values for messages. */
export function listValues(values: readonly PolicyValue[], max = 5): string {
  const shown = values.slice(0, max).map((v) => display(v));
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}
