import { Rule } from '../../rule';

/** The logging rules, in ID order. */
export const RULES: Rule[] = [];
