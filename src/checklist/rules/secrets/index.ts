import { Rule } from '../../rule';

/** The secrets rules, in ID order. */
export const RULES: Rule[] = [];
