import { Rule } from '../../rule';

/** The tls rules, in ID order. */
export const RULES: Rule[] = [];
