import * as fs from 'fs';
import { resolve as resolvePath } from 'path';
import { CfnElement, CfnResource, Stack, StackSynthesizer, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AckEntry, AcksByPath, acksFromCdkMetadata, CDK_ACK_METADATA_TYPE, TREE_METADATA_TYPE } from './acknowledge-model';
import { AckProvider } from './engine';
import { ResourceSource, TemplateModel } from './model';
import { RemediationRecord } from './report';
import { templateFromObject } from './template';

/** The construct-tree metadata type of a remediation record (see ChecklistRemediation). */
export const REMEDIATION_METADATA_TYPE = 'cdk-hardened:remediation';
import { isObject } from './values';

/** The stage a construct belongs to (itself when it is one). */
function stageOf(c: IConstruct): Stage | undefined {
  return Stage.isStage(c) ? c : Stage.of(c);
}

/** The CloudFormation elements of every stack under `root` (not crossing into nested Stages), in tree order. */
function elementsByStack(root: IConstruct): Map<Stack, CfnElement[]> {
  const rootStage = stageOf(root);
  const elements = new Map<Stack, CfnElement[]>();
  for (const c of root.node.findAll()) {
    if (!CfnElement.isCfnElement(c)) continue;
    if (stageOf(c) !== rootStage) continue;
    const stack = c.stack;
    let list = elements.get(stack);
    if (!list) elements.set(stack, (list = []));
    list.push(c);
  }
  return elements;
}

/**
 * Builds a model of every stack under `root` (not crossing into nested Stages, which
 * synthesize on their own) straight from the construct tree. Resource properties are
 * resolved lazily, only for the resources a rule asks about, so the aspect does not
 * pay for resolving the whole app.
 */
export function templatesFromConstruct(root: IConstruct): TemplateModel[] {
  const models: TemplateModel[] = [];
  for (const [stack, els] of elementsByStack(root)) {
    models.push(modelOfStack(stack, els, root));
  }
  return models;
}

/** Construct paths by logical ID, as a template reader asks for them. */
export interface LogicalIdPaths {
  get(logicalId: string): string | undefined;
}

/**
 * The construct paths of the resources of the templates the app under `root` writes
 * (every stage, nested stacks included), by template file: for a reader of those files
 * whose resources carry no `aws:cdk:path` metadata (an app synthesized without path
 * metadata, as `new App()` in a test or `python app.py` are). The tree is walked on the
 * first question only, so an app with path metadata pays nothing.
 */
export function resourcePathsOfApp(root: IConstruct): (templateFile: string) => LogicalIdPaths {
  let byFile: Map<string, Map<string, string>> | undefined;
  const build = () => {
    byFile = new Map();
    for (const c of root.node.findAll()) {
      if (!CfnResource.isCfnResource(c)) continue;
      const stack = c.stack;
      const outdir = stageOf(stack)?.outdir;
      if (outdir === undefined) continue;
      const file = resolvePath(outdir, stack.templateFile);
      let ids = byFile.get(file);
      if (!ids) byFile.set(file, (ids = new Map()));
      ids.set(stack.resolve(c.logicalId) as string, c.node.path);
    }
    return byFile;
  };
  return (templateFile) => {
    const file = resolvePath(templateFile);
    return { get: (logicalId) => (byFile ?? build()).get(file)?.get(logicalId) };
  };
}

/**
 * Models of the templates CDK has just written for the stacks under `root` (not
 * crossing into nested Stages), read from the cloud assembly instead of rendering
 * every resource again; each resource's construct is found by its path (or logical ID).
 *
 * `written` are the template files the synthesis reported (a validation plugin's
 * `templatePaths`): a stack's template is read only if it is one of them (a nested
 * stack's, if its top-level stack's is), so a file left by an earlier synthesis is
 * never taken for the current one. Returns `undefined` when one of the stacks has no
 * such template (a synthesizer that writes elsewhere, a scope that was not
 * synthesized) or it cannot be read: the caller renders the stacks instead.
 */
export function templatesFromAssembly(root: IConstruct, written: ReadonlySet<string>): TemplateModel[] | undefined {
  const models: TemplateModel[] = [];
  for (const [stack, els] of elementsByStack(root)) {
    const outdir = stageOf(stack)?.outdir;
    let top: Stack = stack;
    while (top.nestedStackParent) top = top.nestedStackParent;
    if (outdir === undefined || !written.has(resolvePath(outdir, top.templateFile))) return undefined;
    let template: unknown;
    try {
      template = JSON.parse(fs.readFileSync(resolvePath(outdir, stack.templateFile), 'utf-8'));
    } catch {
      return undefined;
    }
    if (!isObject(template)) return undefined;
    models.push(modelOfRendered(stack, template, els));
  }
  return models;
}

/** The internal aws-cdk-lib method that renders a stack's template (resolved, as it is written to the cloud assembly). */
const RENDER = '_toCloudFormation';
/** Marks the render hook this library installs on a stack. */
const HOOK = Symbol.for('cdk-hardened.render-hook');

type RenderListener = (template: Record<string, any>) => void;

/**
 * Checks the templates aws-cdk-lib renders for the stacks under `root`, as it renders
 * them during synthesis, instead of rendering every resource a second time beforehand.
 *
 * CDK synthesizes one stack after the other: it renders the template, writes it, then
 * collects the stack's annotations. Each stack's rendering is handed to `onTemplate`
 * (with the stack, and how many stacks are still to come) between the first two steps,
 * so annotations added there are written with the stack. The rendering itself is
 * CDK's, untouched: the templates written are the ones CDK writes without the checklist.
 *
 * @param owner who listens (one aspect): a new call by the same owner, at a later
 * synthesis of the same app, replaces its listener; other owners' listeners are kept
 * @returns how many stacks will be handed over; 0 when the templates cannot be taken
 * from CDK's rendering (no stack under `root`, a synthesizer that does not extend
 * `StackSynthesizer`, a CDK without the method, a render method someone else replaced):
 * nothing is installed then, and the caller checks `templatesFromConstruct(root)` instead.
 */
export function checkWhenRendered(
  root: IConstruct,
  owner: object,
  onTemplate: (template: TemplateModel, stack: Stack, remaining: number) => void,
): number {
  const byStack = elementsByStack(root);
  for (const stack of byStack.keys()) {
    const render = (stack as any)[RENDER];
    const replacedByOthers = Object.prototype.hasOwnProperty.call(stack, RENDER) && render?.[HOOK] === undefined;
    if (typeof render !== 'function' || replacedByOthers || !(stack.synthesizer instanceof StackSynthesizer)) return 0;
  }
  let remaining = byStack.size;
  for (const [stack, els] of byStack) {
    hookOf(stack).set(owner, (template) => onTemplate(modelOfRendered(stack, template, els), stack, --remaining));
  }
  return byStack.size;
}

/** The listeners of a stack's render hook, installing the hook on first use. */
function hookOf(stack: Stack): Map<object, RenderListener> {
  const existing = Object.prototype.hasOwnProperty.call(stack, RENDER) ? (stack as any)[RENDER][HOOK] : undefined;
  if (existing) return existing;
  const listeners = new Map<object, RenderListener>();
  const original: () => Record<string, any> = (stack as any)[RENDER];
  const hook = () => {
    // One synthesis, one call: later renders (a forced synthesis) are CDK's own again.
    delete (stack as any)[RENDER];
    const template = original.call(stack);
    for (const listener of listeners.values()) listener(template);
    return template;
  };
  Object.defineProperty(hook, HOOK, { value: listeners });
  Object.defineProperty(stack, RENDER, { configurable: true, writable: true, enumerable: false, value: hook });
  return listeners;
}

/** The model of a template CDK rendered, with each resource's construct found by its path (or its logical ID) when a finding needs it. */
function modelOfRendered(stack: Stack, template: Record<string, any>, els: CfnElement[]): TemplateModel {
  let byLogicalId: Map<string, CfnResource> | undefined;
  const constructOf = (logicalId: string, path: string | undefined): IConstruct | undefined => {
    if (path !== undefined) {
      const found = findByPath(stack.node.root, path);
      if (found && CfnResource.isCfnResource(found)) return found;
    }
    if (!byLogicalId) {
      byLogicalId = new Map();
      // Resources only: an output or a condition may have a resource's logical ID.
      for (const el of els) if (CfnResource.isCfnResource(el)) byLogicalId.set(stack.resolve(el.logicalId) as string, el);
    }
    return byLogicalId.get(logicalId);
  };
  // A stack of outputs or parameters only renders no Resources section.
  return templateFromObject({ ...template, Resources: template.Resources ?? {} }, stack.templateFile, stack.stackName, undefined, constructOf);
}

/** The construct at a construct path (`Stack/Fn/Resource`) under the root, if there is one. */
export function findByPath(root: IConstruct, path: string): IConstruct | undefined {
  let cur: IConstruct | undefined = root;
  for (const part of path.split('/')) {
    cur = cur?.node.tryFindChild(part);
    if (!cur) return undefined;
  }
  return cur;
}

function modelOfStack(stack: Stack, els: CfnElement[], root: IConstruct): TemplateModel {
  const sources: ResourceSource[] = [];
  const parts: Record<string, Record<string, any>> = { Parameters: {}, Conditions: {}, Mappings: {}, Outputs: {} };
  const ofType = new Map<string, Array<{ el: CfnResource; logicalId: string }>>();
  for (const el of els) {
    if (!CfnResource.isCfnResource(el)) continue;
    let list = ofType.get(el.cfnResourceType);
    if (!list) ofType.set(el.cfnResourceType, (list = []));
    list.push({ el, logicalId: stack.resolve(el.logicalId) as string });
  }
  // Resources are rendered when a rule first asks for one of their type, all of that
  // type at once: one `stack.resolve` call per type instead of one per resource
  // (each call has a fixed cost in aws-cdk-lib), and types no rule reads stay unrendered.
  const rendered = new Map<string, () => Record<string, any>>();
  const renderType = (type: string) => {
    const list = ofType.get(type) ?? [];
    let batch: any[] | undefined;
    try {
      batch = stack.resolve(list.map(({ el }) => (el as any)._toCloudFormation()));
    } catch {
      // One resource that cannot be rendered must not hide the others: render each on its own.
      batch = undefined;
    }
    list.forEach(({ el, logicalId }, i) => {
      if (batch) {
        const def = batch[i]?.Resources?.[logicalId] ?? {};
        rendered.set(logicalId, () => def);
      } else {
        rendered.set(logicalId, () => stack.resolve((el as any)._toCloudFormation())?.Resources?.[logicalId] ?? {});
      }
    });
  };
  for (const list of ofType.values()) {
    for (const { el, logicalId } of list) {
      const type = el.cfnResourceType;
      sources.push({
        logicalId,
        type,
        path: el.node.path,
        construct: el,
        definition: () => {
          if (!rendered.has(logicalId)) renderType(type);
          return rendered.get(logicalId)!();
        },
      });
    }
  }
  // Keep the construct tree's order, as the template has it.
  const order = new Map(els.map((el, i) => [el, i]));
  sources.sort((a, b) => order.get(a.construct as CfnElement)! - order.get(b.construct as CfnElement)!);
  for (const el of els) {
    if (CfnResource.isCfnResource(el)) continue;
    // Parameters, conditions, mappings and outputs are few and cheap: render them now.
    let out: any;
    try {
      out = stack.resolve((el as any)._toCloudFormation());
    } catch {
      continue;
    }
    for (const section of Object.keys(parts)) {
      if (isObject(out?.[section])) Object.assign(parts[section], out[section]);
    }
  }
  const templateOptions = stack.templateOptions;
  return new TemplateModel(
    stack.templateFile,
    stack.stackName,
    {
      parameters: parts.Parameters,
      conditions: parts.Conditions,
      mappings: parts.Mappings,
      outputs: parts.Outputs,
      metadata: templateOptions.metadata ? stack.resolve(templateOptions.metadata) : undefined,
      description: templateOptions.description,
      transform: templateOptions.transforms,
    },
    sources,
    root,
  );
}

/**
 * Acknowledgements recorded in the construct tree: ours (`SecurityChecklist.acknowledge`)
 * and CDK's (`Validations.of(scope).acknowledge`), looked up by construct path.
 */
export class TreeAcks extends AcksByPath implements AckProvider {
  /** Fixes recorded by `ChecklistRemediation`, found on the same walk. */
  public readonly remediations: RemediationRecord[] = [];

  constructor(root: IConstruct) {
    super();
    for (const c of [root, ...root.node.findAll()]) {
      for (const m of c.node.metadata) {
        if (m.type === TREE_METADATA_TYPE && isObject(m.data)) {
          const d = m.data as any;
          this.add(c.node.path, [{ id: d.id, reason: d.reason, expires: d.expires, scope: c.node.path, source: 'cdk-hardened' }]);
        } else if (m.type === CDK_ACK_METADATA_TYPE) {
          this.add(c.node.path, acksFromCdkMetadata(m.data, c.node.path));
        } else if (m.type === REMEDIATION_METADATA_TYPE && isObject(m.data) && CfnResource.isCfnResource(c)) {
          const d = m.data as any;
          this.remediations.push({ ruleId: d.ruleId, logicalId: c.stack.resolve(c.logicalId), path: c.node.path, change: d.change });
        }
      }
    }
  }
}

/**
 * CDK's own acknowledgements of a validation plugin's violations: CDK hides every
 * violation whose `<plugin name>::<rule name>` was acknowledged anywhere in the app,
 * whatever construct the acknowledgement was made on. cdk-hardened applies the same
 * acknowledgement only under that construct. Returns, by rule name, the acknowledgement
 * that makes CDK hide a rule's violations across the app.
 */
export function appWideAcknowledgements(acks: AcksByPath, pluginName: string): Map<string, AckEntry> {
  const prefix = `${pluginName}::`;
  const out = new Map<string, AckEntry>();
  for (const entries of acks.all().values()) {
    for (const e of entries) {
      if (e.source === 'cdk' && e.written?.startsWith(prefix) && !out.has(e.written.slice(prefix.length))) {
        out.set(e.written.slice(prefix.length), e);
      }
    }
  }
  return out;
}
