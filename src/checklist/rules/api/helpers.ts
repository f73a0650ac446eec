import { perTemplate } from '../../model';
import { Tri, allOf, anyOf, isAbsent } from '../../tri';
import { hasHole, isUnknown } from '../../values';


export { allOf, anyOf, isAbsent };
export type { Tri };

/** A resolved value that is a plain string with no hole. */
export function isLiteral(v: unknown): v is string {
  return typeof v === 'string' && !hasHole(v);
}

/** A resolved value that could be anything: unknown, or a string made only of `⟪holes⟫`. */
export function isWhollyUnknown(v: unknown): boolean {
  return isUnknown(v) || (typeof v === 'string' && /^(⟪[^⟫]*⟫)+$/.test(v));
}

/** The logical ID a resolved value names by `Ref` (`⟦Ref.MyApi⟧`), when it is exactly that. */
export function refTarget(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^[⟦⟪]Ref\.([A-Za-z0-9]+)[⟧⟫]$/.exec(v);
  return m ? m[1] : undefined;
}

/** The logical ID a resolved value names by `Fn::GetAtt`, when it is exactly that. */
export function getAttTarget(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^[⟦⟪]GetAtt\.([A-Za-z0-9]+)\.[A-Za-z0-9.]+[⟧⟫]$/.exec(v);
  return m ? m[1] : undefined;
}

export { perTemplate };

/** Turns a resolved string into a pattern where each `⟪hole⟫` matches anything and `⟦holes⟧` match themselves. */
export function holePattern(s: string): RegExp {
  const parts = s.split(/(⟪[^⟫]*⟫)/);
  const body = parts.map((p) => (p.startsWith('⟪') ? '.*' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}
