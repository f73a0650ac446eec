import { ResourceView } from '../../model';
import { NO_VALUE } from '../../resolve';
import { RuleContext } from '../../rule';
import { Tri, allOf, anyOf } from '../../tri';
import { isObject, specificHole } from '../../values';


export { allOf, anyOf };
export type { Tri };

export function not(t: Tri): Tri {
  return t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'unknown';
}

/**
 * Every value a raw property can take, intrinsics resolved, with `AWS::NoValue`
 * (and an absent property) as `undefined`, so "absent" is one of the alternatives.
 */
export function valuesOf(ctx: RuleContext, raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [undefined];
  return ctx.variants(raw).map((v) => (v === NO_VALUE || v === null ? undefined : v));
}

/**
 * The alternatives of a raw object property at its top level only (an `Fn::If`
 * around the whole object), children left raw; absent is `undefined`.
 */
export function shallowOf(ctx: RuleContext, raw: unknown): unknown[] {
  if (raw === undefined || raw === null) return [undefined];
  return ctx.template.resolver.shallow(raw).map((v) => (v === NO_VALUE || v === null ? undefined : v));
}

/** A raw child of a raw object (case-sensitive, as CloudFormation property names are). */
export function child(obj: unknown, key: string): unknown {
  return isObject(obj) ? obj[key] : undefined;
}

/** The logical ID a resolved value names by `Ref` (`⟦Ref.MyBucket⟧`), when it is exactly that. */
export function refTarget(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^⟦Ref\.([A-Za-z0-9]+)⟧$/.exec(v);
  return m ? m[1] : undefined;
}

/** The logical ID a resolved value names by `Fn::GetAtt` of `attribute`, when it is exactly that. */
export function getAttTarget(v: unknown, attribute: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^⟦GetAtt\.([A-Za-z0-9]+)\.([^⟧]+)⟧$/.exec(v);
  return m && m[2] === attribute ? m[1] : undefined;
}

/** The resolved `Ref` of a resource, as it appears in resolved values. */
export function refOf(logicalId: string): string {
  return specificHole(`Ref.${logicalId}`);
}

/** The resolved `Fn::GetAtt` of a resource attribute, as it appears in resolved values. */
export function getAttOf(logicalId: string, attribute: string): string {
  return specificHole(`GetAtt.${logicalId}.${attribute}`);
}

/** A plain string (no holes of any kind), or undefined. */
export function literal(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.includes('⟦') || v.includes('⟪')) return undefined;
  return v;
}

const indexes = new WeakMap<object, Map<string, Map<string, ResourceView[]>>>();

/**
 * Resources of `type` by the single string their `property` resolves to (a literal
 * name, or a string with holes such as a parameter's `⟪Ref.Name⟫`). Built once per
 * template and type, so that looking a name up never scans the template again.
 */
export function byResolvedName(ctx: RuleContext, type: string, property: string): Map<string, ResourceView[]> {
  let perTemplate = indexes.get(ctx.template);
  if (!perTemplate) indexes.set(ctx.template, (perTemplate = new Map()));
  const key = `${type}|${property}`;
  let index = perTemplate.get(key);
  if (!index) {
    index = new Map();
    for (const r of ctx.template.byType(type)) {
      const raw = r.prop(property);
      if (raw === undefined) continue;
      const vs = ctx.template.resolver.variants(raw);
      if (vs.length !== 1 || typeof vs[0] !== 'string' || refTarget(vs[0])) continue;
      const name = vs[0];
      const list = index.get(name) ?? [];
      list.push(r);
      index.set(name, list);
    }
    perTemplate.set(key, index);
  }
  return index;
}

/** The single string a raw property resolves to, or undefined when it has several alternatives or is not a string. */
export function singleString(ctx: RuleContext, raw: unknown): string | undefined {
  const vs = valuesOf(ctx, raw);
  return vs.length === 1 && typeof vs[0] === 'string' ? vs[0] : undefined;
}
