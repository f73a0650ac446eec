import { IAM5 } from './access-key';
import { Rule } from '../../rule';

/** The IAM rules, in ID order. */
export const RULES: Rule[] = [IAM5];
