import { LMB1 } from './deprecated-runtime';
import { LMB2 } from './public-function';
import { Rule } from '../../rule';

/** The lambda rules, in ID order. */
export const RULES: Rule[] = [LMB1, LMB2];
