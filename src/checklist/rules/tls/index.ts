import { TLS3 } from './api-gateway-domain';
import { TLS1 } from './bucket-secure-transport';
import { TLS2 } from './bucket-tls-version';
import { TLS5 } from './cloudfront-distribution';
import { TLS8 } from './data-store-transit';
import { TLS4 } from './load-balancer-listener';
import { TLS7 } from './queue-topic-secure-transport';
import { TLS6 } from './search-domain';
import { Rule } from '../../rule';

/** The tls rules, in ID order. */
export const RULES: Rule[] = [TLS1, TLS2, TLS3, TLS4, TLS5, TLS6, TLS7, TLS8];
