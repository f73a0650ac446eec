import { ResourceView, TemplateModel, collectReferences } from '../../model';
import { RuleContext } from '../../rule';
import { isObject } from '../../values';

const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';

/** Launch templates by their literal `LaunchTemplateName`, built once per template. */
const BY_NAME = new WeakMap<TemplateModel, Map<string, ResourceView>>();

function launchTemplateNamed(name: string, ctx: RuleContext): ResourceView | undefined {
  let byName = BY_NAME.get(ctx.template);
  if (!byName) {
    byName = new Map();
    for (const lt of ctx.template.byType(LAUNCH_TEMPLATE)) {
      const n = lt.prop('LaunchTemplateName');
      if (typeof n === 'string') byName.set(n, lt);
    }
    BY_NAME.set(ctx.template, byName);
  }
  return byName.get(name);
}

/**
 * The launch templates an `AWS::EC2::Instance` uses, through its `LaunchTemplate`
 * property: `LaunchTemplateId` as `Ref`/`Fn::GetAtt`, a `Version` from
 * `Fn::GetAtt <template>.LatestVersionNumber` (what CDK writes), or a literal
 * `LaunchTemplateName` of a template in the same stack. `found` is false when the
 * instance names a launch template that is not in the template (a parameter, an
 * import, a name of a template elsewhere).
 */
export function launchTemplatesOf(instance: ResourceView, ctx: RuleContext): { templates: ResourceView[]; found: boolean; used: boolean } {
  const raw = instance.prop('LaunchTemplate');
  if (raw === undefined) return { templates: [], found: true, used: false };
  const templates: ResourceView[] = [];
  for (const id of collectReferences(raw)) {
    const r = ctx.template.resource(id);
    if (r && r.type === LAUNCH_TEMPLATE && !templates.includes(r)) templates.push(r);
  }
  if (templates.length === 0) {
    for (const spec of ctx.items([raw])) {
      if (!isObject(spec)) continue;
      for (const name of ctx.variants(spec.LaunchTemplateName)) {
        const lt = typeof name === 'string' ? launchTemplateNamed(name, ctx) : undefined;
        if (lt && !templates.includes(lt)) templates.push(lt);
      }
    }
  }
  return { templates, found: templates.length > 0, used: true };
}

/** The raw `MetadataOptions` of an instance or of a launch template's `LaunchTemplateData`. */
export function launchData(resource: ResourceView, ctx: RuleContext): unknown[] {
  if (resource.type === LAUNCH_TEMPLATE) return ctx.items([resource.prop('LaunchTemplateData')]);
  return [resource.properties];
}
