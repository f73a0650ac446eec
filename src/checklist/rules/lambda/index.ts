import { Rule } from '../../rule';

/** The lambda rules, in ID order. */
export const RULES: Rule[] = [];
