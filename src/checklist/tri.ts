import { NO_VALUE } from './resolve';

/** A three-valued answer: proven, disproven, or not knowable at synth time. */
export type Tri = 'yes' | 'no' | 'unknown';

/** Yes when every answer is yes (also when there is none); no when one is no; unknown otherwise. */
export function allOf(answers: Iterable<Tri>): Tri {
  let out: Tri = 'yes';
  for (const a of answers) {
    if (a === 'no') return 'no';
    if (a === 'unknown') out = 'unknown';
  }
  return out;
}

/** Yes when one answer is yes; no when every one is no (also when there is none); unknown otherwise. */
export function anyOf(answers: Iterable<Tri>): Tri {
  let out: Tri = 'no';
  for (const a of answers) {
    if (a === 'yes') return 'yes';
    if (a === 'unknown') out = 'unknown';
  }
  return out;
}

/** True when a resolved value stands for an absent property (`undefined`, `null`, `AWS::NoValue`). */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === NO_VALUE;
}
