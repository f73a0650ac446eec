import { PolicyViolation } from 'aws-cdk-lib';
import { AckEntry, AcksByPath } from './acknowledge-model';
import { appWideAcknowledgements } from './cdk-source';
import { failsAt, Finding } from './engine';
import { FailOn } from './options-public';

/** A finding as CDK's report names a violating resource. */
export function violatingResource(f: Finding) {
  return { resourceLogicalId: f.logicalId ?? undefined, templatePath: f.template || undefined, constructPath: f.path ?? undefined, locations: [] };
}

/**
 * CDK hides every violation named `<plugin>::<rule name>` once that is acknowledged on any
 * construct of the app; the checklist acknowledges only under that construct. Returns a
 * `Hardened-Acknowledgement` violation for each such acknowledgement that would hide
 * unacknowledged findings beyond its construct (an error when one of them fails at
 * `failOn`), so synth fails as the command line will.
 *
 * @param ruleNameOf the rule name the plugin reports a finding under
 */
export function appWideConflicts(
  acks: AcksByPath | undefined,
  pluginName: string,
  findings: readonly Finding[],
  ruleNameOf: (f: Finding) => string,
  failOn: FailOn,
): PolicyViolation[] {
  const appWide = acks ? appWideAcknowledgements(acks, pluginName) : new Map<string, AckEntry>();
  if (appWide.size === 0) return [];
  const hidden = new Map<AckEntry, Finding[]>();
  for (const f of findings) {
    const wide = f.acknowledged ? undefined : appWide.get(ruleNameOf(f));
    if (wide) hidden.set(wide, [...(hidden.get(wide) ?? []), f]);
  }
  return [...hidden].map(([wide, list]) => ({
    ruleName: 'Hardened-Acknowledgement',
    description: appWideMessage(wide.written!, wide.scope, list),
    severity: list.some((f) => failsAt(f, failOn as any)) ? 'error' : 'warning',
    violatingResources: list.map(violatingResource),
  }));
}

/** Why an acknowledgement CDK applies across the app is not one the checklist applies there. */
function appWideMessage(written: string, scope: string, findings: readonly Finding[]): string {
  const ruleId = findings[0].ruleId;
  const where = findings.map((f) => f.path ?? `${f.template}/${f.logicalId ?? ''}`);
  return (
    `'${written}', acknowledged on ${scope || 'the app'}, makes CDK hide every Hardened-${ruleId} finding of the app, including ${where.join(', ')}, ` +
    `which ${where.length === 1 ? 'is' : 'are'} not under ${scope || 'the app'}: cdk-hardened (and its command line) acknowledges a finding only under the construct the acknowledgement is made on. ` +
    `Fix ${where.length === 1 ? 'it' : 'them'}, or acknowledge each where it is, e.g. Validations.of(construct).acknowledge({ id: 'Hardened-${ruleId}', reason })`
  );
}
