import { NET2 } from './admin-port-ingress';
import { NET3 } from './all-traffic-ingress';
import { NET5 } from './default-security-group';
import { NET8 } from './instance-metadata-v2';
import { NET6 } from './nacl-admin-ports';
import { NET1 } from './open-ingress';
import { NET9 } from './ssh-key-pair';
import { NET4 } from './unrestricted-egress';
import { NET7 } from './vpc-flow-log';
import { Rule } from '../../rule';

/** The network rules, in ID order. */
export const RULES: Rule[] = [NET1, NET2, NET3, NET4, NET5, NET6, NET7, NET8, NET9];
