import { SEC3 } from './credential-in-template';
import { SEC2 } from './plain-secret-parameter';
import { SEC1 } from './secret-in-environment';
import { SEC5 } from './secret-rotation';
import { SEC4 } from './secret-template-parameter';
import { Rule } from '../../rule';

/** The secrets rules, in ID order. */
export const RULES: Rule[] = [SEC1, SEC2, SEC3, SEC4, SEC5];
