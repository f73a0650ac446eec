import { Tri, allOf, anyOf, not, valuesOf } from './judge';
import { RuleContext } from '../../rule';
import { asBool, asList, asNumber, getCI, hasUnknownPart, isObject, isUncertain, isUnknown, wildcardToRegExp } from '../../values';

/**
 * What a resource policy (bucket, queue, topic) must deny for TLS1, TLS2 and TLS7:
 * a `Deny` statement for every principal, on the given actions and resources, whose
 * condition makes it apply to every request the rule is about.
 */
export interface DenyRequirement {
  /** Actions that must be denied: a concrete action (`sns:Publish`) or a whole service (`s3:*`). */
  readonly actions: readonly string[];
  /** The things the statement must cover (for S3: the bucket and its objects), as samples for `resourceMatches`. */
  readonly targets: readonly string[];
  /** Whether one resolved `Resource` entry covers one target. */
  resourceMatches(resource: unknown, target: string): Tri;
  /** Whether a resolved `Condition` block makes the deny apply to every request the rule is about. */
  condition(condition: Record<string, unknown>): Tri;
}

/**
 * Whether a raw policy document (a `PolicyDocument` property) holds a statement that
 * meets the requirement in every alternative it can take.
 */
export function documentDenies(ctx: RuleContext, rawDocument: unknown, req: DenyRequirement): Tri {
  if (rawDocument === undefined) return 'no';
  return allOf(valuesOf(ctx, rawDocument).map((doc) => resolvedDocumentDenies(doc, req)));
}

function resolvedDocumentDenies(doc: unknown, req: DenyRequirement): Tri {
  if (doc === undefined) return 'no';
  if (isUnknown(doc)) return 'unknown';
  if (typeof doc === 'string') {
    // A policy document given as JSON text.
    try {
      return resolvedDocumentDenies(JSON.parse(doc), req);
    } catch {
      return hasUnknownPart(doc) ? 'unknown' : 'no';
    }
  }
  if (!isObject(doc)) return 'no';
  const statements = doc.Statement;
  if (isUnknown(statements)) return 'unknown';
  return anyOf(asList(statements).map((s) => statementDenies(s, req)));
}

function statementDenies(st: unknown, req: DenyRequirement): Tri {
  if (isUnknown(st)) return 'unknown';
  if (!isObject(st)) return 'no';
  // Cheap tests first, and stop at the first 'no' (most statements are allows).
  return allOf(
    (function* () {
      yield effectIsDeny(st.Effect);
      yield principalIsEveryone(st);
      yield conditionHolds(st, req);
      yield actionsCovered(st, req);
      yield resourcesCovered(st, req);
    })(),
  );
}

function effectIsDeny(effect: unknown): Tri {
  if (isUncertain(effect)) return 'unknown';
  return typeof effect === 'string' && effect.trim().toLowerCase() === 'deny' ? 'yes' : 'no';
}

/** `Principal: "*"` or `{"AWS": "*"}`; a `NotPrincipal` deny spares someone, so it never counts. */
function principalIsEveryone(st: Record<string, unknown>): Tri {
  if (st.NotPrincipal !== undefined) return 'no';
  const p = st.Principal;
  if (p === undefined) return 'no';
  if (isUnknown(p)) return 'unknown';
  if (typeof p === 'string') return p === '*' ? 'yes' : hasUnknownPart(p) ? 'unknown' : 'no';
  if (!isObject(p)) return 'no';
  const aws = getCI(p, 'AWS');
  if (aws === undefined) return 'no';
  if (isUnknown(aws)) return 'unknown';
  return anyOf(asList(aws).map((a) => (a === '*' ? 'yes' : isUncertain(a) ? 'unknown' : 'no')));
}

function actionsCovered(st: Record<string, unknown>, req: DenyRequirement): Tri {
  if (st.Action !== undefined) {
    if (isUnknown(st.Action)) return 'unknown';
    const patterns = asList(st.Action);
    return allOf(req.actions.map((a) => anyOf(patterns.map((p) => actionCovers(p, a)))));
  }
  if (st.NotAction !== undefined) {
    // A deny of everything except the listed actions covers an action the list leaves out.
    if (isUnknown(st.NotAction)) return 'unknown';
    const patterns = asList(st.NotAction);
    return allOf(req.actions.map((a) => allOf(patterns.map((p) => not(actionOverlaps(p, a))))));
  }
  return 'no';
}

/** Whether an action pattern covers a required action; a whole service (`s3:*`) needs a pattern that covers all of it. */
function actionCovers(pattern: unknown, action: string): Tri {
  if (isUncertain(pattern)) return 'unknown';
  if (typeof pattern !== 'string') return 'no';
  // `s3:*` as a plain string: only `*`, `s3:*` (and the like) match it as a whole.
  return wildcardToRegExp(pattern.trim()).test(action) ? 'yes' : 'no';
}

/** Whether an action pattern names any part of a required action (for `NotAction`). */
function actionOverlaps(pattern: unknown, action: string): Tri {
  if (isUncertain(pattern)) return 'unknown';
  if (typeof pattern !== 'string') return 'no';
  const p = pattern.trim();
  if (action.endsWith(':*')) {
    const service = action.slice(0, -2);
    const pService = p.includes(':') ? p.slice(0, p.indexOf(':')) : p;
    return wildcardToRegExp(pService).test(service) ? 'yes' : 'no';
  }
  return wildcardToRegExp(p).test(action) ? 'yes' : 'no';
}

function resourcesCovered(st: Record<string, unknown>, req: DenyRequirement): Tri {
  if (st.Resource !== undefined) {
    if (isUnknown(st.Resource)) return 'unknown';
    const resources = asList(st.Resource);
    return allOf(req.targets.map((t) => anyOf(resources.map((r) => req.resourceMatches(r, t)))));
  }
  if (st.NotResource !== undefined) {
    if (isUnknown(st.NotResource)) return 'unknown';
    const excluded = asList(st.NotResource);
    return allOf(req.targets.map((t) => allOf(excluded.map((r) => not(req.resourceMatches(r, t))))));
  }
  return 'no';
}

function conditionHolds(st: Record<string, unknown>, req: DenyRequirement): Tri {
  const c = st.Condition;
  // An unconditional deny for everyone denies the insecure requests too.
  if (c === undefined) return 'yes';
  if (isUnknown(c)) return 'unknown';
  if (!isObject(c)) return 'no';
  return req.condition(c);
}

/** The (operator, key, value) entries of a resolved `Condition` block; undefined when part of it is unknown. */
function conditionEntries(c: Record<string, unknown>): Array<[string, string, unknown]> | undefined {
  const out: Array<[string, string, unknown]> = [];
  for (const [op, block] of Object.entries(c)) {
    if (isUnknown(block)) return undefined;
    if (!isObject(block)) return undefined;
    for (const [key, value] of Object.entries(block)) out.push([op, key, value]);
  }
  return out;
}

/**
 * A condition that applies the deny to every request made without TLS:
 * `Bool` (or `BoolIfExists`) `aws:SecureTransport` `false` (or `"false"`), and
 * nothing else (another condition would narrow the deny).
 */
export function deniesInsecureTransport(c: Record<string, unknown>): Tri {
  const entries = conditionEntries(c);
  if (!entries) return 'unknown';
  if (entries.length !== 1) return 'no';
  const [op, key, value] = entries[0];
  if (!/^bool(ifexists)?$/i.test(op) || key.toLowerCase() !== 'aws:securetransport') return 'no';
  if (isUnknown(value)) return 'unknown';
  return anyOf(
    asList(value).map((v) => {
      const b = asBool(v);
      return isUnknown(b) ? 'unknown' : b === false ? 'yes' : 'no';
    }),
  );
}

/**
 * A condition that applies the deny to every request made over TLS older than 1.2:
 * `NumericLessThan` `s3:TlsVersion` 1.2 or more (or `NumericLessThanEquals` 1.1 or
 * more), as a number or a string, and nothing else.
 */
export function deniesOldTls(c: Record<string, unknown>): Tri {
  const entries = conditionEntries(c);
  if (!entries) return 'unknown';
  if (entries.length !== 1) return 'no';
  const [op, key, value] = entries[0];
  if (key.toLowerCase() !== 's3:tlsversion') return 'no';
  let floor: number;
  if (/^numericlessthan(ifexists)?$/i.test(op)) floor = 1.2;
  else if (/^numericlessthanequals(ifexists)?$/i.test(op)) floor = 1.1;
  else return 'no';
  if (isUnknown(value)) return 'unknown';
  return anyOf(
    asList(value).map((v) => {
      const n = asNumber(v);
      return isUnknown(n) ? 'unknown' : n !== undefined && n >= floor - 1e-9 ? 'yes' : 'no';
    }),
  );
}
