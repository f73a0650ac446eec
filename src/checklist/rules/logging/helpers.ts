import { perTemplate, ResourceView, TemplateModel } from '../../model';
import { Tri, allOf, anyOf, isAbsent } from '../../tri';
import { asBool, asList, getCI, hasHole, isObject, isUncertain, isUnknown } from '../../values';


export { allOf, anyOf, isAbsent };
export type { Tri };

/** A resolved boolean property: true is yes; false or absent is no (or `absentMeans`); unknown stays unknown. */
export function boolIs(v: unknown, absentMeans = false): Tri {
  if (isAbsent(v)) return absentMeans ? 'yes' : 'no';
  const b = asBool(v);
  if (b === undefined) return absentMeans ? 'yes' : 'no';
  if (isUnknown(b)) return 'unknown';
  return b ? 'yes' : 'no';
}

/**
 * A resolved string property that must be set (a key ARN, a log group ARN): a non-empty
 * string is yes, absent or empty is no; a value that is wholly unknown (a parameter
 * without allowed values, an import) could be empty, so it is unknown.
 */
export function stringIsSet(v: unknown): Tri {
  if (isAbsent(v)) return 'no';
  if (isUnknown(v)) return 'unknown';
  if (typeof v !== 'string') return 'unknown';
  if (v.trim() === '') return 'no';
  // Only holes that could be anything, with no literal part: it might resolve to ''.
  if (/^(⟪[^⟫]*⟫)+$/.test(v)) return 'unknown';
  return 'yes';
}

/** The logical ID a resolved value names by `Ref` (`⟦Ref.MyBucket⟧`), when it is exactly that. */
export function refTarget(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^[⟦⟪]Ref\.([A-Za-z0-9]+)[⟧⟫]$/.exec(v);
  return m ? m[1] : undefined;
}

/** The logical ID and attribute a resolved value names by `Fn::GetAtt` (`⟦GetAtt.Group.Arn⟧`), when it is exactly that. */
export function getAttTarget(v: unknown): { id: string; attribute: string } | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^[⟦⟪]GetAtt\.([A-Za-z0-9]+)\.([A-Za-z0-9.]+)[⟧⟫]$/.exec(v);
  return m ? { id: m[1], attribute: m[2] } : undefined;
}

/** The resource of `type` that a resolved value names by `Ref` or `Fn::GetAtt`, if it is in the template. */
export function namedResource(template: TemplateModel, v: unknown, type: string): ResourceView | undefined {
  const id = refTarget(v) ?? getAttTarget(v)?.id;
  if (!id) return undefined;
  const r = template.resource(id);
  return r && r.type === type ? r : undefined;
}

/** Reads a nested property of a resolved object, keys case-sensitive as CloudFormation's are. */
export function field(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (isUnknown(cur)) return cur;
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export { perTemplate };

/** The S3 buckets of a template by their literal `BucketName`. */
export const bucketsByName = perTemplate((template) => {
  const map = new Map<string, ResourceView>();
  for (const bucket of template.byType('AWS::S3::Bucket')) {
    for (const name of template.resolver.variants(bucket.prop('BucketName'))) {
      if (typeof name === 'string' && !hasHole(name)) map.set(name, bucket);
    }
  }
  return map;
});

/** What a trail records of management events. */
export interface ManagementEvents {
  /** Read and write management events from every source (what CloudTrail.1 and CIS 3.1 ask). */
  readonly all: Tri;
  /** Any management events at all (LOG7 applies only then). */
  readonly any: Tri;
}

/**
 * What a trail records of management events, over every alternative of its
 * selectors. No selectors means all management events; `EventSelectors` record them
 * unless `IncludeManagementEvents` is false, for `ReadWriteType` (default `All`);
 * `AdvancedEventSelectors` (which replace `EventSelectors`) record them when a
 * selector has `eventCategory` equal to `Management`, for the `readOnly` values it
 * allows. A selector that excludes event sources does not record "all".
 */
export function managementEvents(trail: ResourceView): ManagementEvents {
  const resolver = trail.template.resolver;
  const alls: Tri[] = [];
  const anys: Tri[] = [];
  for (const advanced of resolver.variants(trail.prop('AdvancedEventSelectors'))) {
    for (const basic of resolver.variants(trail.prop('EventSelectors'))) {
      const r = selectorCoverage(advanced, basic);
      alls.push(r.all);
      anys.push(r.any);
    }
  }
  // Every alternative must record everything; one alternative recording anything is enough for LOG7.
  return { all: allOf(alls), any: anyOf(anys) };
}

interface Coverage {
  read: Tri;
  write: Tri;
  /** Read and write from every event source. */
  readAll: Tri;
  writeAll: Tri;
}

function selectorCoverage(advanced: unknown, basic: unknown): ManagementEvents {
  if (isUnknown(advanced) || isUnknown(basic)) return { all: 'unknown', any: 'unknown' };
  const adv = isAbsent(advanced) ? [] : asList(advanced);
  const bas = isAbsent(basic) ? [] : asList(basic);
  let parts: Coverage[];
  if (adv.length > 0) {
    parts = adv.map(advancedSelector);
  } else if (bas.length > 0) {
    parts = bas.map(basicSelector);
  } else {
    return { all: 'yes', any: 'yes' };
  }
  const read = anyOf(parts.map((p) => p.read));
  const write = anyOf(parts.map((p) => p.write));
  const readAll = anyOf(parts.map((p) => p.readAll));
  const writeAll = anyOf(parts.map((p) => p.writeAll));
  return { all: allOf([readAll, writeAll]), any: anyOf([read, write]) };
}

const NONE: Coverage = { read: 'no', write: 'no', readAll: 'no', writeAll: 'no' };
const UNKNOWN: Coverage = { read: 'unknown', write: 'unknown', readAll: 'unknown', writeAll: 'unknown' };

function basicSelector(sel: unknown): Coverage {
  if (isUnknown(sel)) return UNKNOWN;
  if (!isObject(sel)) return NONE;
  const include = boolIs(sel.IncludeManagementEvents, true);
  if (include === 'no') return NONE;
  const rw = sel.ReadWriteType;
  let read: Tri;
  let write: Tri;
  if (isAbsent(rw)) {
    read = write = 'yes';
  } else if (typeof rw === 'string' && !isUncertain(rw) && !hasHole(rw)) {
    read = rw === 'All' || rw === 'ReadOnly' ? 'yes' : 'no';
    write = rw === 'All' || rw === 'WriteOnly' ? 'yes' : 'no';
  } else {
    read = write = 'unknown';
  }
  read = allOf([include, read]);
  write = allOf([include, write]);
  const excluded = sel.ExcludeManagementEventSources;
  const excludes: Tri = isAbsent(excluded) ? 'no' : isUnknown(excluded) ? 'unknown' : asList(excluded).length > 0 ? 'yes' : 'no';
  const complete: Tri = excludes === 'yes' ? 'no' : excludes === 'unknown' ? 'unknown' : 'yes';
  return { read, write, readAll: allOf([read, complete]), writeAll: allOf([write, complete]) };
}

function advancedSelector(sel: unknown): Coverage {
  if (isUnknown(sel)) return UNKNOWN;
  if (!isObject(sel)) return NONE;
  const fields = sel.FieldSelectors;
  if (isUnknown(fields)) return UNKNOWN;
  let category: Tri = 'no';
  let read: Tri = 'yes';
  let write: Tri = 'yes';
  let complete: Tri = 'yes';
  for (const fs of asList(fields)) {
    if (isUnknown(fs) || !isObject(fs)) return UNKNOWN;
    const name = fs.Field;
    if (typeof name !== 'string' || hasHole(name)) return UNKNOWN;
    const equals = fs.Equals;
    if (isUnknown(equals) || asList(equals).some((e) => isUncertain(e) || (typeof e === 'string' && hasHole(e)))) return UNKNOWN;
    const values = asList(equals).map((e) => String(e));
    if (name === 'eventCategory') {
      category = values.includes('Management') ? 'yes' : 'no';
    } else if (name === 'readOnly') {
      const notEquals = getCI(fs, 'NotEquals');
      if (isUnknown(notEquals)) return UNKNOWN;
      const excluded = asList(notEquals).map((e) => String(e).toLowerCase());
      if (values.length > 0) {
        read = values.some((v) => v.toLowerCase() === 'true') ? 'yes' : 'no';
        write = values.some((v) => v.toLowerCase() === 'false') ? 'yes' : 'no';
      }
      if (excluded.includes('true')) read = 'no';
      if (excluded.includes('false')) write = 'no';
    } else {
      // Any other field (eventSource, ...) narrows what is recorded.
      complete = 'no';
    }
  }
  if (category === 'no') return NONE;
  return { read, write, readAll: allOf([read, complete]), writeAll: allOf([write, complete]) };
}
