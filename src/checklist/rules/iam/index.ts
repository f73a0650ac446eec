import { IAM5 } from './access-key';
import { IAM4 } from './admin-managed-policy';
import { IAM2 } from './all-resources';
import { IAM3 } from './not-action';
import { IAM7 } from './privilege-escalation';
import { IAM8 } from './public-trust';
import { SEC6 } from './secret-read-wildcard';
import { IAM9 } from './shared-function-role';
import { IAM6 } from './user-direct-access';
import { IAM1 } from './wildcard-action';
import { Rule } from '../../rule';

/** The IAM rules, in ID order, and SEC6, which judges identity-policy statements too (family `secrets`). */
export const RULES: Rule[] = [IAM1, IAM2, IAM3, IAM4, IAM5, IAM6, IAM7, IAM8, IAM9, SEC6];
