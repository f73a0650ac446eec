export * from './checklist/severity';
export * from './checklist/options-public';
export * from './checklist/security-checklist';
export * from './checklist/plugin';
