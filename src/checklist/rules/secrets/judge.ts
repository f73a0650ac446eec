import { isSecretReference, secretWordOf } from './secret-patterns';
import { collectReferences, TemplateModel } from '../../model';
import { NO_VALUE } from '../../resolve';
import { RuleContext } from '../../rule';
import { display, hasUnknownPart, isObject, isUnknown, Unknown } from '../../values';

/**
 * How a resolved name is judged:
 * - `secret`: it looks secret whatever its unknown parts turn out to be;
 * - `maybe`: an unknown part decides (`/app/${Env}` could end in `password`);
 * - `plain`: it does not look secret whatever its unknown parts are.
 */
export type NameVerdict = { readonly kind: 'secret'; readonly word: string } | { readonly kind: 'maybe' } | { readonly kind: 'plain' };

const SPECIFIC_HOLE = /⟦[^⟧]*⟧/g;
const UNKNOWN_HOLE = /⟪[^⟫]*⟫/g;

/**
 * Judges a resolved name. A `⟦specific⟧` hole (a resource name, the region) is
 * neutral. A `⟪could-be-anything⟫` hole inside the name (an environment prefix,
 * `/app/${Env}/db/host`) is a qualifier: the name's own words decide. A name that
 * ends in such a hole could end in `password`: `maybe`, unless its known words
 * already make it secret.
 */
export function judgeName(name: unknown): NameVerdict {
  if (name === undefined || name === null || name === NO_VALUE) return { kind: 'plain' };
  if (isUnknown(name)) return { kind: 'maybe' };
  if (typeof name !== 'string') return { kind: 'plain' };
  const base = name.replace(SPECIFIC_HOLE, ' ');
  const known = secretWordOf(base.replace(UNKNOWN_HOLE, ' arn '));
  if (known !== undefined) return { kind: 'secret', word: known };
  const last = /⟪[^⟫]*⟫[^A-Za-z0-9⟪⟫]*$/.exec(base);
  if (last && secretWordOf(`${base.slice(0, last.index).replace(UNKNOWN_HOLE, ' ')} password`) !== undefined) return { kind: 'maybe' };
  return { kind: 'plain' };
}

/** What a value under a secret-looking name holds. */
export type ValueVerdict =
  /** A reference to where the secret lives (dynamic reference, parameter name, ARN, a template resource), or nothing. */
  | { readonly kind: 'reference' }
  /** A literal written into the template. */
  | { readonly kind: 'literal'; readonly length: number }
  /** A template parameter's value, which lands in plain text. */
  | { readonly kind: 'parameter'; readonly name: string }
  /** The secret access key of an `AWS::IAM::AccessKey` of the template. */
  | { readonly kind: 'access-key-secret'; readonly logicalId: string }
  /** Not known at synth time. */
  | { readonly kind: 'unknown'; readonly what: string };

/**
 * Judges one resolved value (one variant) of a variable whose name looks secret
 * (SEC1's "compliant values", CHECKLIST.md).
 */
export function judgeSecretValue(template: TemplateModel, value: unknown, raw?: unknown): ValueVerdict {
  if (value === undefined || value === null || value === NO_VALUE || value === '') return { kind: 'reference' };
  if (isUnknown(value)) {
    // A piece cut out of a resource's name or ARN (CDK's `secret.secretName` is an Fn::Select over an Fn::Split) is not a literal.
    if (raw !== undefined && derivedFromResources(template, raw)) return { kind: 'reference' };
    return { kind: 'unknown', what: (value as Unknown).reason };
  }
  if (typeof value !== 'string') return { kind: 'literal', length: display(value).length };
  const key = accessKeySecretIn(template, value);
  if (key) return { kind: 'access-key-secret', logicalId: key };
  if (isSecretReference(value)) return { kind: 'reference' };
  for (const m of value.matchAll(/⟪Ref\.([^⟫]+)⟫/g)) {
    if (template.parameters[m[1]] !== undefined) return { kind: 'parameter', name: m[1] };
  }
  if (hasUnknownPart(value)) {
    if (raw !== undefined && derivedFromResources(template, raw)) return { kind: 'reference' };
    return { kind: 'unknown', what: display(value) };
  }
  // A value built from a resource of the template (its name, ARN, endpoint) is not a literal secret.
  if (/⟦(?:Ref|GetAtt)\./.test(value)) return { kind: 'reference' };
  return { kind: 'literal', length: value.length };
}

/**
 * True when a raw value is computed only from literals, pseudo parameters and
 * resources of the template (not custom resources): no template parameter, no
 * import, nothing decided outside the template.
 */
function derivedFromResources(template: TemplateModel, raw: unknown): boolean {
  if (containsKey(raw, 'Fn::ImportValue')) return false;
  const refs = [...collectReferences(raw)];
  if (refs.length === 0) return false;
  return refs.every((id) => {
    if (id.startsWith('AWS::')) return true;
    const type = template.resourceType(id);
    return type !== undefined && !type.startsWith('Custom::') && type !== 'AWS::CloudFormation::CustomResource';
  });
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsKey(v, key));
  if (isObject(value)) return Object.entries(value).some(([k, v]) => k === key || containsKey(v, key));
  return false;
}

/** The logical ID of an access key whose `SecretAccessKey` the value contains. */
function accessKeySecretIn(template: TemplateModel, value: string): string | undefined {
  for (const m of value.matchAll(/⟦GetAtt\.([^.⟧]+)\.SecretAccessKey⟧/g)) {
    if (template.resourceType(m[1]) === 'AWS::IAM::AccessKey') return m[1];
  }
  return undefined;
}

/**
 * The alternatives of a raw value at its top level (`Fn::If` branches, a `Ref`
 * resolved), children left raw; `AWS::NoValue` becomes undefined.
 */
export function alternatives(ctx: RuleContext, raw: unknown): unknown[] {
  if (raw === undefined) return [undefined];
  return ctx.template.resolver.shallow(raw).map((v) => (v === NO_VALUE ? undefined : v));
}
