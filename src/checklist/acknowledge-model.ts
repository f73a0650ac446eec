import { isObject } from './values';

/** An acknowledgement as the engine applies it. */
export interface AckEntry {
  /** `IAM2`, `Hardened-IAM2` (every finding of the rule) or `Hardened-IAM2[detail]` (that finding only). */
  readonly id: string;
  readonly reason: string;
  /** `YYYY-MM-DD`; after this date the acknowledgement no longer applies and is an error. */
  readonly expires?: string;
  /** The construct path (or template/resource) where it was made. */
  readonly scope: string;
  /** Where it came from, for messages. */
  readonly source: 'cdk-hardened' | 'cdk' | 'cdk-nag' | 'template';
  /** For CDK's acknowledgements, the ID exactly as written (`cdk-hardened::Hardened-IAM2`). */
  readonly written?: string;
}

/** The metadata key under which acknowledgements are written into templates. */
export const TEMPLATE_METADATA_KEY = 'cdk-hardened';
/** The construct-tree metadata type our own `acknowledge` records. */
export const TREE_METADATA_TYPE = 'cdk-hardened:acknowledge';
/** CDK's construct-tree metadata type for `Validations.of(scope).acknowledge`. */
export const CDK_ACK_METADATA_TYPE = 'aws:cdk:acknowledged-rules';

export const MIN_REASON_LENGTH = 10;

/**
 * The names CDK puts before a rule ID in the acknowledgement IDs it suggests:
 * `annotation::` for annotations (the aspect's findings), and the validation plugin's
 * name for its violations (`cdk-hardened::` for `SecurityChecklistPlugin`, `Hardened::`
 * for the `HardenedChecks` cdk-nag pack).
 */
export const PLUGIN_NAME = 'cdk-hardened';
export const NAG_PACK_NAME = 'Hardened';
const ACK_PREFIX = new RegExp(`^(?:[Aa]nnotation|${PLUGIN_NAME}|${NAG_PACK_NAME})::`);

/** `cdk-hardened::Hardened-IAM2` (as CDK suggests it) is `Hardened-IAM2`. */
export function withoutAckPrefix(id: string): string {
  return id.trim().replace(ACK_PREFIX, '');
}

/**
 * Splits `Hardened-IAM2[Action::s3:*]`, `Hardened-IAM2` or `IAM2` into the rule and the
 * detail; the forms CDK suggests (`cdk-hardened::Hardened-IAM2`, `Hardened::…`,
 * `annotation::…`) are the same IDs.
 */
export function parseFindingId(id: string): { rule: string; detail?: string } | undefined {
  const m = /^(?:Hardened-)?([A-Z]+[0-9]+)(?:\[(.*)\])?$/.exec(withoutAckPrefix(id));
  if (!m) return undefined;
  return { rule: m[1], detail: m[2] };
}

/** True when the acknowledgement covers the finding `ruleId` with `detail`. */
export function ackMatches(ack: AckEntry, ruleId: string, detail: string | undefined): boolean {
  const p = parseFindingId(ack.id);
  if (!p || p.rule !== ruleId) return false;
  if (p.detail === undefined) return true;
  return p.detail === (detail ?? '');
}

/** Reads `Metadata` of a resource (or a template) for acknowledgements: ours and cdk-nag's. */
export function acksFromTemplateMetadata(metadata: unknown, scope: string): AckEntry[] {
  const out: AckEntry[] = [];
  if (!isObject(metadata)) return out;
  const ours = metadata[TEMPLATE_METADATA_KEY];
  if (isObject(ours) && Array.isArray(ours.acknowledge)) {
    for (const a of ours.acknowledge) {
      if (isObject(a) && typeof a.id === 'string') {
        out.push({
          id: a.id,
          reason: typeof a.reason === 'string' ? a.reason : '',
          expires: typeof a.expires === 'string' ? a.expires : undefined,
          scope: typeof a.scope === 'string' ? a.scope : scope,
          source: 'template',
        });
      }
    }
  }
  const nag = metadata.cdk_nag;
  if (isObject(nag) && Array.isArray(nag.rules_to_suppress)) {
    for (const s of nag.rules_to_suppress) {
      if (!isObject(s) || typeof s.id !== 'string') continue;
      const reason = typeof s.reason === 'string' ? s.reason : '';
      const appliesTo = Array.isArray(s.applies_to) ? s.applies_to : Array.isArray(s.appliesTo) ? s.appliesTo : undefined;
      if (appliesTo && appliesTo.length > 0) {
        // cdk-nag's granular suppressions name the finding's detail.
        for (const detail of appliesTo) {
          if (typeof detail === 'string') out.push({ id: `${s.id}[${detail}]`, reason, scope, source: 'cdk-nag' });
        }
      } else {
        out.push({ id: s.id, reason, scope, source: 'cdk-nag' });
      }
    }
  }
  return out.filter((a) => parseFindingId(a.id) !== undefined);
}

/** Reads CDK's `aws:cdk:acknowledged-rules` metadata data (either shape: one merged object, or one per call). */
export function acksFromCdkMetadata(data: unknown, scope: string): AckEntry[] {
  const out: AckEntry[] = [];
  const visit = (d: unknown) => {
    if (Array.isArray(d)) {
      d.forEach(visit);
      return;
    }
    if (!isObject(d)) return;
    for (const [key, value] of Object.entries(d)) {
      const id = withoutAckPrefix(key);
      if (!id.startsWith('Hardened-')) continue;
      const reason = typeof value === 'string' ? value : isObject(value) && typeof value.reason === 'string' ? value.reason : '';
      if (parseFindingId(id)) out.push({ id, reason, scope, source: 'cdk', written: key });
    }
  };
  visit(data);
  return out;
}

/**
 * Acknowledgements recorded outside the templates, by construct path (`Stack/Fn`, '' for
 * the app): those made on a construct apply to everything under it.
 */
export class AcksByPath {
  private readonly byPath = new Map<string, AckEntry[]>();

  /** Records acknowledgements made on the construct at `path`. */
  public add(path: string, entries: readonly AckEntry[]): void {
    if (entries.length === 0) return;
    const list = this.byPath.get(path) ?? [];
    list.push(...entries);
    this.byPath.set(path, list);
  }

  /** How many constructs carry acknowledgements. */
  public get size(): number {
    return this.byPath.size;
  }

  /** The acknowledgements made on the construct at `path` or on one of its ancestors, nearest first. */
  public acksForPath(path: string | undefined): AckEntry[] {
    if (this.byPath.size === 0) return [];
    const out: AckEntry[] = [];
    let p = path ?? '';
    for (;;) {
      out.push(...(this.byPath.get(p) ?? []));
      if (p === '') break;
      const i = p.lastIndexOf('/');
      p = i < 0 ? '' : p.slice(0, i);
    }
    return out;
  }

  /** Every acknowledgement, by the path of the construct it was made on. */
  public all(): ReadonlyMap<string, AckEntry[]> {
    return this.byPath;
  }
}

/** `YYYY-MM-DD` of a date, in UTC. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** True when `expires` (YYYY-MM-DD) is before the date of the check. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  return expires !== undefined && expires < isoDate(now);
}
