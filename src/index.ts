export * from './checklist/severity';
export * from './checklist/options-public';
export * from './checklist/security-checklist';
export * from './checklist/plugin';
export * from './nag/hardened-checks';
export * from './constructs/secure-trail';
export * from './constructs/security-alarms';
export * from './checklist/remediation';
