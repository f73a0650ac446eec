import { Rule } from '../../rule';

/** The network rules, in ID order. */
export const RULES: Rule[] = [];
