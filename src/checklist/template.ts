import type { IConstruct } from 'constructs';
import { ResourceSource, TemplateModel } from './model';
import { isIntrinsic, isObject } from './values';

/** A template the engine cannot process: the message names the problem. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Builds the model of a parsed CloudFormation (or SAM) template.
 *
 * @param template the parsed JSON/YAML document
 * @param name how reports name the template (its path)
 * @param stackName the stack's name (defaults to the file name)
 * @param paths construct paths by logical ID (from a cloud assembly manifest), when the template has no `aws:cdk:path` metadata
 * @param constructOf the L1 construct of a resource (asked only for the resources that need it), when the template was rendered from a CDK app
 * @throws TemplateError when the document is not a CloudFormation template
 */
export function templateFromObject(
  template: unknown,
  name: string,
  stackName?: string,
  paths?: { get(logicalId: string): string | undefined },
  constructOf?: (logicalId: string, path: string | undefined) => IConstruct | undefined,
): TemplateModel {
  if (!isObject(template)) {
    throw new TemplateError('not a CloudFormation template: the document is not a mapping');
  }
  const resources = template.Resources;
  if (resources === undefined) {
    throw new TemplateError('not a CloudFormation template: it has no Resources section');
  }
  if (!isObject(resources)) {
    throw new TemplateError('not a CloudFormation template: Resources is not a mapping');
  }
  const sources: ResourceSource[] = [];
  const add = (logicalId: string, def: unknown) => {
    if (!isObject(def)) {
      throw new TemplateError(`resource ${logicalId} is not a mapping`);
    }
    if (def.Type === undefined) {
      throw new TemplateError(`resource ${logicalId} has no Type`);
    }
    if (typeof def.Type !== 'string') {
      const module = isObject(def.Type) && Object.keys(def.Type).some((k) => k.startsWith('Rain::'));
      throw new TemplateError(
        module
          ? `resource ${logicalId} is a Rain module (its Type is not a string): package the template with 'rain pkg' and check the result`
          : `resource ${logicalId} has a Type that is not a string`,
      );
    }
    const type = def.Type;
    const path = isObject(def.Metadata) && typeof def.Metadata['aws:cdk:path'] === 'string' ? def.Metadata['aws:cdk:path'] : paths?.get(logicalId);
    if (!constructOf) {
      sources.push({ logicalId, type, path, definition: () => def });
      return;
    }
    sources.push({
      logicalId,
      type,
      definition: () => def,
      get path() {
        return path ?? constructOf(logicalId, undefined)?.node.path;
      },
      get construct() {
        return constructOf(logicalId, path);
      },
    });
  };
  const globals = isObject(template.Globals) ? template.Globals : undefined;
  const addWithGlobals = (logicalId: string, def: unknown) => add(logicalId, globals ? withSamGlobals(globals, def) : def);
  for (const [logicalId, def] of Object.entries(resources)) {
    if (logicalId.startsWith('Fn::ForEach::')) {
      for (const [id, d] of expandForEach(logicalId, def)) addWithGlobals(id, d);
      continue;
    }
    addWithGlobals(logicalId, def);
  }
  const base = name.split(/[\\/]/).pop() ?? name;
  return new TemplateModel(
    name,
    stackName ?? base.replace(/\.(template\.)?(json|ya?ml|template)$/i, ''),
    {
      parameters: template.Parameters as any,
      conditions: template.Conditions as any,
      mappings: template.Mappings as any,
      outputs: template.Outputs as any,
      metadata: template.Metadata as any,
      description: template.Description,
      transform: template.Transform,
    },
    sources,
  );
}

/**
 * Expands an `AWS::LanguageExtensions` `Fn::ForEach` over a literal collection.
 * A collection that is not a literal list (a `Ref` to a list parameter) cannot be
 * expanded at synth time: one resource is kept per template key with the
 * identifier left as an unknown placeholder, so its rules still run.
 */
function expandForEach(key: string, value: unknown): Array<[string, unknown]> {
  if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'string' || !isObject(value[2])) {
    throw new TemplateError(`${key} is not a valid Fn::ForEach (expected [identifier, collection, template])`);
  }
  const [ident, collection, body] = value as [string, unknown, Record<string, unknown>];
  const items = Array.isArray(collection) && collection.every((c) => typeof c === 'string') ? (collection as string[]) : [`⟪${ident}⟫`];
  const out: Array<[string, unknown]> = [];
  for (const item of items) {
    const subst = (v: unknown): unknown => {
      if (typeof v === 'string') return v.split('${' + ident + '}').join(item).split('&{' + ident + '}').join(item.replace(/[^A-Za-z0-9]/g, ''));
      if (Array.isArray(v)) return v.map(subst);
      if (isObject(v)) {
        if (Object.keys(v).length === 1 && v.Ref === ident) return item;
        const o: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) o[subst(k) as string] = subst(x);
        return o;
      }
      return v;
    };
    for (const [k, def] of Object.entries(body)) {
      if (k.startsWith('Fn::ForEach::')) {
        for (const [id, d] of expandForEach(k, subst(def))) out.push([subst(id) as string, d]);
      } else {
        out.push([subst(k) as string, subst(def)]);
      }
    }
  }
  return out;
}

/**
 * A SAM resource as the SAM transform deploys it: the properties of its `Globals`
 * section (`Globals.Function` for `AWS::Serverless::Function`, ...) apply where the
 * resource does not set them. As SAM merges them: a resource's own value overrides a
 * global one, maps merge key by key, lists add the resource's entries to the global
 * ones; an intrinsic function counts as a value of its own (the resource's wins).
 */
function withSamGlobals(globals: Record<string, unknown>, def: unknown): unknown {
  if (!isObject(def) || typeof def.Type !== 'string' || !def.Type.startsWith('AWS::Serverless::')) return def;
  const section = globals[def.Type.slice('AWS::Serverless::'.length)];
  if (!isObject(section)) return def;
  const own = def.Properties === undefined ? {} : def.Properties;
  if (!isObject(own)) return def;
  return { ...def, Properties: mergeSam(section, own) };
}

function mergeSam(global: unknown, own: unknown): unknown {
  if (own === undefined) return global;
  if (Array.isArray(global) && Array.isArray(own)) return [...global, ...own];
  if (isObject(global) && isObject(own) && !isIntrinsic(global) && !isIntrinsic(own)) {
    const out: Record<string, unknown> = { ...global };
    for (const [k, v] of Object.entries(own)) out[k] = mergeSam(global[k], v);
    return out;
  }
  return own;
}
