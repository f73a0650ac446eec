import { allOf, boolIs, managementEvents, Tri } from './helpers';
import { ResourceView } from '../../model';
import { Rule } from '../../rule';
import { Severity, TrailRequirement } from '../../severity';

/** Why one trail does or does not satisfy LOG1. */
interface TrailJudgement {
  readonly outcome: Tri;
  /** What fails, for the message. */
  readonly problems: string[];
  /** The first property whose value cannot be known. */
  readonly unknownPath?: string;
}

function judgeTrail(trail: ResourceView): TrailJudgement {
  const resolver = trail.template.resolver;
  const problems: string[] = [];
  let unknownPath: string | undefined;
  const note = (path: string, answer: Tri, problem: string): Tri => {
    if (answer === 'no') problems.push(problem);
    if (answer === 'unknown' && !unknownPath) unknownPath = path;
    return answer;
  };

  if (trail.unreadable) {
    return { outcome: 'unknown', problems, unknownPath: 'Properties' };
  }
  // A trail created only under a condition may not exist.
  const conditional: Tri = trail.definition.Condition !== undefined ? 'unknown' : 'yes';
  note('Condition', conditional, '');

  const multiRegion = note(
    'Properties.IsMultiRegionTrail',
    allOf(resolver.variants(trail.prop('IsMultiRegionTrail')).map((v) => boolIs(v))),
    'is not multi-region',
  );
  const logging = note('Properties.IsLogging', allOf(resolver.variants(trail.prop('IsLogging')).map((v) => boolIs(v))), 'is not logging');
  const mgmt = managementEvents(trail);
  const events = note('Properties.EventSelectors', mgmt.all, 'does not record all read and write management events');
  return { outcome: allOf([conditional, multiRegion, logging, events]), problems, unknownPath };
}

/** LOG1: the app has a multi-region trail recording read and write management events. */
export const LOG1: Rule = {
  id: 'LOG1',
  family: 'logging',
  severity: Severity.ERROR,
  title: 'The app has a multi-region CloudTrail trail that records read and write management events',
  explanation:
    'Without a trail, API activity in the account is kept for 90 days in the event history only, in one region, and nothing can be alarmed on. A multi-region trail recording every read and write management event is the record an incident responder or auditor needs.',
  fix:
    "Add a trail: CDK `new cloudtrail.Trail(this, 'Trail', { isMultiRegionTrail: true })` (the default; keep `managementEvents` at `ReadWriteType.ALL`), or CloudFormation `AWS::CloudTrail::Trail` with `IsMultiRegionTrail: true`, `IsLogging: true` and no event selector that drops management events. If an organization trail already covers the account, set the checklist's trail requirement to `organization`.",
  controls: ['CloudTrail.1', 'CIS 3.1'],
  resourceTypes: [],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1'],
  checkApp(ctx) {
    if (ctx.settings.trail !== TrailRequirement.REQUIRED) return;
    const judged: Array<{ trail: ResourceView; j: TrailJudgement }> = [];
    for (const template of ctx.templates) {
      for (const trail of template.byType('AWS::CloudTrail::Trail')) {
        const j = judgeTrail(trail);
        if (j.outcome === 'yes') return;
        judged.push({ trail, j });
      }
    }
    const unknown = judged.find((x) => x.j.outcome === 'unknown');
    if (unknown) {
      const path = unknown.j.unknownPath ?? 'Properties';
      ctx.report({
        detail: `Unresolved::${path}`,
        message: `The app has no trail proven to be multi-region and to record read and write management events: ${unknown.trail.displayName} (${path}) cannot be verified at synth time`,
      });
      return;
    }
    const why = judged
      .slice(0, 3)
      .map((x) => `${x.trail.displayName} ${x.j.problems.filter((p) => p).join(' and ')}`)
      .join('; ');
    ctx.report({
      message:
        judged.length === 0
          ? 'The app has no CloudTrail trail: API activity is not recorded in every region'
          : `The app has no multi-region CloudTrail trail recording read and write management events (${why})`,
    });
  },
};
