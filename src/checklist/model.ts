import type { IConstruct } from 'constructs';
import { Resolver, ResolverScope } from './resolve';
import { Unknown, isObject, subPlaceholders } from './values';

/** Where the properties of a resource come from: a parsed template, or a CDK construct resolved on demand. */
export interface ResourceSource {
  readonly logicalId: string;
  readonly type: string;
  /** The construct path (`aws:cdk:path`) when known. */
  readonly path?: string;
  /** The L1 construct, when the engine runs inside a CDK app. */
  readonly construct?: IConstruct;
  /** The resource's CloudFormation definition (`Type`, `Properties`, `Metadata`, ...), computed on first use. */
  definition(): Record<string, any>;
}

/** One resource of a template, as the rules see it. */
export class ResourceView {
  private def?: Record<string, any>;

  constructor(
    public readonly template: TemplateModel,
    private readonly source: ResourceSource,
  ) {}

  public get logicalId(): string {
    return this.source.logicalId;
  }

  public get type(): string {
    return this.source.type;
  }

  /** The construct path, from `aws:cdk:path` metadata or the construct itself. */
  public get path(): string | undefined {
    if (this.source.path) return this.source.path;
    const p = this.definition.Metadata?.['aws:cdk:path'];
    return typeof p === 'string' ? p : undefined;
  }

  public get construct(): IConstruct | undefined {
    return this.source.construct;
  }

  /** The whole CloudFormation definition of the resource (raw intrinsics). */
  public get definition(): Record<string, any> {
    if (!this.def) {
      try {
        const d = this.source.definition();
        this.def = isObject(d) ? d : {};
      } catch (e) {
        this.def = { Properties: new Unknown(`could not render the resource: ${(e as Error).message}`) };
      }
    }
    return this.def;
  }

  /** The raw `Properties` (intrinsics unresolved). Unknown when the resource could not be rendered. */
  public get properties(): Record<string, any> {
    const p = this.definition.Properties;
    if (p instanceof Unknown) return p as any;
    return isObject(p) ? p : {};
  }

  /** True when the resource's properties could not be read at all. */
  public get unreadable(): boolean {
    return this.definition.Properties instanceof Unknown;
  }

  /** A raw property by name (intrinsics unresolved). */
  public prop(name: string): unknown {
    const p = this.properties;
    if (p instanceof Unknown) return p;
    return p[name];
  }

  public get metadata(): Record<string, any> {
    const m = this.definition.Metadata;
    return isObject(m) ? m : {};
  }

  /** A short, human name for messages: the path when known, else the logical ID. */
  public get displayName(): string {
    return this.path ?? this.logicalId;
  }
}

/** The parts of a template other than its resources. */
export interface TemplateParts {
  readonly parameters?: Record<string, any>;
  readonly conditions?: Record<string, any>;
  readonly mappings?: Record<string, any>;
  readonly outputs?: Record<string, any>;
  readonly metadata?: Record<string, any>;
  readonly description?: unknown;
  readonly transform?: unknown;
}

/**
 * A template indexed once: by logical ID, by type, and (lazily, per type) by what
 * each resource references. Rules use these lookups; none re-scans the template.
 */
export class TemplateModel implements ResolverScope {
  public readonly resources: ResourceView[] = [];
  public readonly resolver: Resolver;
  public readonly parameters: Record<string, any>;
  public readonly conditions: Record<string, any>;
  public readonly mappings: Record<string, any>;
  public readonly outputs: Record<string, any>;
  public readonly metadata: Record<string, any>;
  public readonly description: unknown;
  public readonly transform: unknown;
  private readonly byId = new Map<string, ResourceView>();
  private readonly byTypeMap = new Map<string, ResourceView[]>();
  private readonly refIndex = new Map<string, Map<string, ResourceView[]>>();

  /**
   * @param name how reports name this template (a file path or a stack artifact)
   * @param stackName the stack's name
   * @param parts the non-resource sections
   * @param sources the resources
   * @param root the CDK app or stage the template belongs to, when known
   */
  constructor(
    public readonly name: string,
    public readonly stackName: string,
    parts: TemplateParts,
    sources: ResourceSource[],
    public readonly root?: IConstruct,
  ) {
    this.parameters = isObject(parts.parameters) ? parts.parameters : {};
    this.conditions = isObject(parts.conditions) ? parts.conditions : {};
    this.mappings = isObject(parts.mappings) ? parts.mappings : {};
    this.outputs = isObject(parts.outputs) ? parts.outputs : {};
    this.metadata = isObject(parts.metadata) ? parts.metadata : {};
    this.description = parts.description;
    this.transform = parts.transform;
    for (const s of sources) {
      const view = new ResourceView(this, s);
      this.resources.push(view);
      this.byId.set(s.logicalId, view);
      let list = this.byTypeMap.get(s.type);
      if (!list) this.byTypeMap.set(s.type, (list = []));
      list.push(view);
    }
    this.resolver = new Resolver(this);
  }

  public resourceType(logicalId: string): string | undefined {
    return this.byId.get(logicalId)?.type;
  }

  public resource(logicalId: string): ResourceView | undefined {
    return this.byId.get(logicalId);
  }

  public byType(type: string): readonly ResourceView[] {
    return this.byTypeMap.get(type) ?? [];
  }

  /**
   * The resources of `type` whose properties reference `logicalId` (by `Ref`,
   * `Fn::GetAtt` or `Fn::Sub`). The index for a type is built on first use by one
   * pass over the resources of that type.
   */
  public referencing(type: string, logicalId: string): readonly ResourceView[] {
    let idx = this.refIndex.get(type);
    if (!idx) {
      idx = new Map();
      for (const r of this.byType(type)) {
        for (const target of collectReferences(r.properties)) {
          let list = idx.get(target);
          if (!list) idx.set(target, (list = []));
          if (!list.includes(r)) list.push(r);
        }
      }
      this.refIndex.set(type, idx);
    }
    return idx.get(logicalId) ?? [];
  }
}

/** The logical IDs a raw value references through `Ref`, `Fn::GetAtt` and `Fn::Sub`. */
export function collectReferences(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, out);
  } else if (isObject(value)) {
    for (const k in value) {
      const v = value[k];
      if (k === 'Ref' && typeof v === 'string') {
        out.add(v);
      } else if (k === 'Fn::GetAtt') {
        if (Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
        else if (typeof v === 'string') out.add(v.split('.')[0]);
      } else if (k === 'Fn::Sub') {
        const text = typeof v === 'string' ? v : Array.isArray(v) ? v[0] : undefined;
        if (typeof text === 'string') {
          for (const name of subPlaceholders(text)) out.add(name.split('.')[0]);
        }
        if (Array.isArray(v)) collectReferences(v[1], out);
      } else {
        collectReferences(v, out);
      }
    }
  }
  return out;
}

/** A per-template lookup built once on first use and reused for every resource of that template. */
export function perTemplate<T>(build: (template: TemplateModel) => T): (template: TemplateModel) => T {
  const cache = new WeakMap<TemplateModel, T>();
  return (template) => {
    let v = cache.get(template);
    if (v === undefined) {
      v = build(template);
      cache.set(template, v);
    }
    return v;
  };
}
