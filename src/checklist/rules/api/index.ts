import { API2 } from './missing-web-acl';
import { API1 } from './unguarded-method';
import { Rule } from '../../rule';

/** The api rules, in ID order. */
export const RULES: Rule[] = [API1, API2];
