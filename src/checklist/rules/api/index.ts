import { Rule } from '../../rule';

/** The api rules, in ID order. */
export const RULES: Rule[] = [];
