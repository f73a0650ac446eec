import { Rule } from './rule';
import { RULES as API } from './rules/api';
import { RULES as IAM } from './rules/iam';
import { RULES as LAMBDA } from './rules/lambda';
import { RULES as LOGGING } from './rules/logging';
import { RULES as NETWORK } from './rules/network';
import { RULES as SECRETS } from './rules/secrets';
import { RULES as TLS } from './rules/tls';

/** Every rule of the checklist, in the order of CHECKLIST.md. */
export const ALL_RULES: readonly Rule[] = [...IAM, ...SECRETS, ...NETWORK, ...LOGGING, ...TLS, ...LAMBDA, ...API];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(ALL_RULES.map((r) => [r.id, r]));

/** The rule with this ID (`IAM1` or `Hardened-IAM1`), or an error naming it. */
export function ruleById(id: string): Rule {
  const r = RULES_BY_ID.get(id.replace(/^Hardened-/, ''));
  if (!r) throw new Error(`unknown rule ID '${id}': use one of ${[...RULES_BY_ID.keys()].join(', ')}`);
  return r;
}
