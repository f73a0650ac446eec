import { LOG8 } from './access-logging';
import { LOG6 } from './log-retention';
import { LOG1 } from './multi-region-trail';
import { LOG5 } from './trail-bucket';
import { LOG4 } from './trail-cloudwatch-delivery';
import { LOG2 } from './trail-encryption';
import { LOG3 } from './trail-log-file-validation';
import { LOG7 } from './trail-metric-alarms';
import { Rule } from '../../rule';

/** The logging rules, in ID order. */
export const RULES: Rule[] = [LOG1, LOG2, LOG3, LOG4, LOG5, LOG6, LOG7, LOG8];
