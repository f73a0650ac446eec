import { TemplateModel } from '../../model';
import { NO_VALUE } from '../../resolve';
import { RuleContext } from '../../rule';
import { display, hasUnknownPart, isUnknown, Unknown } from '../../values';
import { isSecretReference, secretWordOf } from './secret-patterns';

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
 * neutral; a `⟪could-be-anything⟫` hole is tried both ways: as a reference suffix
 * (the least secret it could be) and as `password` (the most).
 */
export function judgeName(name: unknown): NameVerdict {
  if (name === undefined || name === null || name === NO_VALUE) return { kind: 'plain' };
  if (isUnknown(name)) return { kind: 'maybe' };
  if (typeof name !== 'string') return { kind: 'plain' };
  const base = name.replace(SPECIFIC_HOLE, ' ');
  const least = secretWordOf(base.replace(UNKNOWN_HOLE, ' arn '));
  if (least !== undefined) return { kind: 'secret', word: least };
  if (secretWordOf(base.replace(UNKNOWN_HOLE, ' password ')) !== undefined) return { kind: 'maybe' };
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
export function judgeSecretValue(template: TemplateModel, value: unknown): ValueVerdict {
  if (value === undefined || value === null || value === NO_VALUE || value === '') return { kind: 'reference' };
  if (isUnknown(value)) return { kind: 'unknown', what: (value as Unknown).reason };
  if (typeof value !== 'string') return { kind: 'literal', length: display(value).length };
  const key = accessKeySecretIn(template, value);
  if (key) return { kind: 'access-key-secret', logicalId: key };
  if (isSecretReference(value)) return { kind: 'reference' };
  for (const m of value.matchAll(/⟪Ref\.([^⟫]+)⟫/g)) {
    if (template.parameters[m[1]] !== undefined) return { kind: 'parameter', name: m[1] };
  }
  if (hasUnknownPart(value)) return { kind: 'unknown', what: display(value) };
  // A value built from a resource of the template (its name, ARN, endpoint) is not a literal secret.
  if (/⟦(?:Ref|GetAtt)\./.test(value)) return { kind: 'reference' };
  return { kind: 'literal', length: value.length };
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
