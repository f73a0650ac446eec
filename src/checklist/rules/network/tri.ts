/**
 * Three-valued answers for the network rules: a condition holds (`yes`), does not
 * hold (`no`), or cannot be known at synth time (`maybe`, with the property path
 * that could not be resolved). A rule fires when every condition of a violation is
 * `yes`, passes when one is `no`, and reports `Unresolved::<path>` otherwise.
 */
export type Tri = { readonly is: 'yes' } | { readonly is: 'no' } | { readonly is: 'maybe'; readonly path: string };

export const YES: Tri = { is: 'yes' };
export const NO: Tri = { is: 'no' };

export function maybe(path: string): Tri {
  return { is: 'maybe', path };
}

export function tri(value: boolean): Tri {
  return value ? YES : NO;
}

/** All conditions together: `no` if any is `no`, `yes` if all are `yes`, else the first `maybe`. */
export function allOf(...conditions: Array<Tri | (() => Tri)>): Tri {
  let first: Tri | undefined;
  for (const c of conditions) {
    const t = typeof c === 'function' ? c() : c;
    if (t.is === 'no') return NO;
    if (t.is === 'maybe' && !first) first = t;
  }
  return first ?? YES;
}

/** Any condition: `yes` if any is `yes`, `no` if all are `no`, else the first `maybe`. */
export function anyOf(conditions: Iterable<Tri>): Tri {
  let first: Tri | undefined;
  let any = false;
  for (const t of conditions) {
    any = true;
    if (t.is === 'yes') return YES;
    if (t.is === 'maybe' && !first) first = t;
  }
  return any ? first ?? NO : NO;
}

/** The negation: `maybe` stays `maybe`. */
export function not(t: Tri): Tri {
  return t.is === 'yes' ? NO : t.is === 'no' ? YES : t;
}
