import * as fs from 'fs';
import * as path from 'path';
import { AcksByPath, acksFromCdkMetadata, CDK_ACK_METADATA_TYPE } from '../checklist/acknowledge-model';
import { TemplateModel } from '../checklist/model';
import { TemplateError, templateFromObject } from '../checklist/template';

/** An input the command cannot process: the file and why. */
export class InputError extends Error {
  constructor(
    public readonly file: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'InputError';
  }
}

const INTRINSIC_TAGS: Array<[string, string, 'scalar' | 'seq' | 'map']> = [];
for (const name of ['Ref', 'Condition']) {
  INTRINSIC_TAGS.push([name, name, 'scalar']);
}
for (const name of [
  'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString', 'ForEach',
]) {
  INTRINSIC_TAGS.push([name, `Fn::${name}`, 'scalar'], [name, `Fn::${name}`, 'seq'], [name, `Fn::${name}`, 'map']);
}

let yamlTags: any[] | undefined;
function cfnYamlTags(): any[] {
  if (yamlTags) return yamlTags;
  yamlTags = INTRINSIC_TAGS.map(([tag, key, collection]) => ({
    tag: `!${tag}`,
    ...(collection === 'scalar' ? {} : { collection }),
    resolve: (value: any) => {
      // `yaml` hands collections as YAMLSeq/YAMLMap nodes: convert them to plain JSON.
      let v = value && typeof value.toJSON === 'function' ? value.toJSON() : value;
      if (key === 'Fn::GetAtt' && typeof v === 'string') {
        const dot = v.indexOf('.');
        v = dot < 0 ? [v] : [v.slice(0, dot), v.slice(dot + 1)];
      }
      return { [key]: v };
    },
  }));
  return yamlTags;
}

/** Parses a template file's text: JSON, or YAML with CloudFormation's short-form intrinsics. */
export function parseTemplateText(text: string, file: string): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed === '') throw new InputError(file, 'the file is empty');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      throw new InputError(file, `invalid JSON: ${(e as Error).message}`);
    }
  }
  // Loaded only for YAML input: a cdk.out of JSON templates never pays for the parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  let doc: any;
  try {
    const docs = YAML.parseAllDocuments(text, { customTags: cfnYamlTags(), uniqueKeys: false, strict: false } as any);
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.length === 0) throw new InputError(file, 'the file is empty');
    if (list.length > 1) throw new InputError(file, `invalid YAML: the file holds ${list.length} documents, a template is one`);
    const d = list[0] as any;
    if (d.errors && d.errors.length > 0) {
      throw new InputError(file, `invalid YAML: ${String(d.errors[0].message).split('\n')[0].replace(/:$/, '')}`);
    }
    doc = d.toJS({ maxAliasCount: -1 });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `invalid YAML: ${String((e as Error).message).split('\n')[0]}`);
  }
  return doc;
}

/** Reads one template file into a model. */
export function loadTemplateFile(file: string, display = file, stackName?: string, paths?: ReadonlyMap<string, string>): TemplateModel {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(display, code === 'ENOENT' ? 'no such file or directory' : `cannot read the file (${code ?? (e as Error).message})`);
  }
  const doc = parseTemplateText(text, display);
  try {
    return templateFromObject(doc, display, stackName, paths);
  } catch (e) {
    if (e instanceof TemplateError) throw new InputError(display, e.message);
    throw e;
  }
}

/**
 * Reads every stack template of a cloud assembly (`cdk.out`), nested assemblies (stages)
 * and nested stacks included. CDK's own acknowledgements (`Validations.of(scope).acknowledge`)
 * found in the stacks' metadata go into `acks`, by construct path: the command then
 * honours them whichever front door (if any) ran at synth.
 */
export function loadAssembly(dir: string, acks?: AcksByPath): TemplateModel[] {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new InputError(dir, 'a directory that is not a cloud assembly (no manifest.json): pass a cdk.out directory or template files');
  }
  const out: TemplateModel[] = [];
  const seenDirs = new Set<string>();
  let treeResources: Set<string> | null | undefined;
  const resourcePaths = () => (treeResources === undefined ? (treeResources = resourcePathsOfTree(dir)) : treeResources);
  const visit = (assemblyDir: string) => {
    const real = path.resolve(assemblyDir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const mf = path.join(assemblyDir, 'manifest.json');
    let manifest: any;
    try {
      manifest = JSON.parse(fs.readFileSync(mf, 'utf-8'));
    } catch (e) {
      throw new InputError(mf, `invalid cloud assembly manifest: ${(e as Error).message}`);
    }
    const artifacts = manifest && typeof manifest.artifacts === 'object' ? manifest.artifacts : {};
    for (const [id, artifact] of Object.entries<any>(artifacts)) {
      if (artifact?.type === 'aws:cloudformation:stack') {
        const templateFile = artifact.properties?.templateFile;
        if (typeof templateFile !== 'string') continue;
        const stackName = artifact.properties?.stackName ?? id;
        const file = path.join(assemblyDir, templateFile);
        const metadata = stackMetadata(assemblyDir, id, artifact);
        out.push(loadTemplateFile(file, file, stackName, logicalIdPaths(metadata, resourcePaths)));
        if (acks) collectCdkAcks(metadata, acks);
      } else if (artifact?.type === 'cdk:cloud-assembly') {
        const sub = artifact.properties?.directoryName;
        if (typeof sub === 'string') visit(path.join(assemblyDir, sub));
      }
    }
    // Nested stacks are assets of their parent: check their templates too.
    for (const f of fs.readdirSync(assemblyDir).sort()) {
      if (f.endsWith('.nested.template.json')) {
        const file = path.join(assemblyDir, f);
        out.push(loadTemplateFile(file, file, f.replace(/\.nested\.template\.json$/, '')));
      }
    }
  };
  visit(dir);
  return out;
}

/** Reads a command-line input: a template file or a cloud assembly directory (see `loadAssembly` for `acks`). */
export function loadInput(input: string, acks?: AcksByPath): TemplateModel[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new InputError(input, 'no such file or directory');
  }
  if (stat.isDirectory()) return loadAssembly(input, acks);
  return [loadTemplateFile(input)];
}

/** A stack artifact's metadata entries by construct path (`/Stack/Fn`), as CDK writes them. */
type StackMetadata = Map<string, unknown[]>;

/**
 * A stack artifact's metadata: the entries in the manifest, and those in the file it names
 * (`additionalMetadataFile`, where recent aws-cdk-lib versions write them).
 */
function stackMetadata(assemblyDir: string, artifactId: string, artifact: any): StackMetadata {
  const out: StackMetadata = new Map();
  const merge = (metadata: unknown) => {
    if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return;
    for (const [p, entries] of Object.entries(metadata as Record<string, unknown>)) {
      if (!Array.isArray(entries)) continue;
      const list = out.get(p) ?? [];
      list.push(...entries);
      out.set(p, list);
    }
  };
  merge(artifact.metadata);
  const extra = artifact.additionalMetadataFile;
  if (typeof extra === 'string') {
    const file = path.join(assemblyDir, extra);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(file, `the metadata file of stack ${artifactId} named in manifest.json ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code})`}: synthesize the app again`);
    }
    try {
      merge(JSON.parse(text));
    } catch (e) {
      throw new InputError(file, `invalid metadata file of stack ${artifactId}: ${(e as Error).message}; synthesize the app again`);
    }
  }
  return out;
}

/**
 * The construct paths of resources by logical ID, from a stack's `aws:cdk:logicalId`
 * metadata. Outputs, conditions and parameters have that metadata too, and an output may
 * have the logical ID of a resource (`CfnOutput.overrideLogicalId`, `CfnInclude`): then
 * the construct tree (`resourcePaths`) says which path is the resource, and when it cannot,
 * the resource gets no path rather than the output's.
 */
function logicalIdPaths(metadata: StackMetadata, resourcePaths: () => Set<string> | null): Map<string, string> {
  const all = new Map<string, string[]>();
  for (const [p, entries] of metadata) {
    for (const e of entries as any[]) {
      if (e?.type !== 'aws:cdk:logicalId' || typeof e.data !== 'string') continue;
      const list = all.get(e.data);
      if (list) list.push(p.replace(/^\//, ''));
      else all.set(e.data, [p.replace(/^\//, '')]);
    }
  }
  const out = new Map<string, string>();
  for (const [logicalId, paths] of all) {
    if (paths.length === 1) {
      out.set(logicalId, paths[0]);
      continue;
    }
    const resources = resourcePaths();
    const found = resources ? paths.filter((p) => resources.has(p)) : [];
    if (found.length === 1) out.set(logicalId, found[0]);
  }
  return out;
}

/**
 * The paths of the CloudFormation resources in a cloud assembly's construct tree
 * (`tree.json`, and the `trees-N.json` files recent aws-cdk-lib versions split it into),
 * or null when the assembly has no readable tree.
 */
function resourcePathsOfTree(dir: string): Set<string> | null {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f === 'tree.json' || /^trees-\d+\.json$/.test(f));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const out = new Set<string>();
  for (const f of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8'));
    } catch {
      return null;
    }
    const pending: unknown[] = [doc];
    while (pending.length > 0) {
      const node = pending.pop();
      if (!node || typeof node !== 'object') continue;
      const n = node as Record<string, any>;
      if (typeof n.path === 'string' && n.attributes && typeof n.attributes['aws:cdk:cloudformation:type'] === 'string') out.add(n.path);
      // tree.json holds `{ tree }`, a trees-N.json `{ forest: { t0: node } }`; a node its `children`.
      if (n.tree) pending.push(n.tree);
      for (const key of ['forest', 'children']) if (n[key] && typeof n[key] === 'object') pending.push(...Object.values(n[key]));
    }
  }
  return out;
}

/** CDK's acknowledgements (`aws:cdk:acknowledged-rules`) in a stack's metadata, by construct path. */
function collectCdkAcks(metadata: StackMetadata, acks: AcksByPath) {
  for (const [p, entries] of metadata) {
    const scope = p.replace(/^\//, '');
    for (const e of entries as any[]) {
      if (e?.type === CDK_ACK_METADATA_TYPE) acks.add(scope, acksFromCdkMetadata(e.data, scope));
    }
  }
}
