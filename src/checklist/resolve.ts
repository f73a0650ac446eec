import { Unknown, isIntrinsic, isObject, specificHole, subPlaceholders, unknownHole } from './values';

/** What the resolver needs to know about the template a value comes from. */
export interface ResolverScope {
  /** The template's `Parameters` section. */
  readonly parameters: Record<string, any>;
  /** The template's `Mappings` section. */
  readonly mappings: Record<string, any>;
  /** The type of a resource of this template, or undefined when there is no such resource. */
  resourceType(logicalId: string): string | undefined;
}

/** Marks a property that `AWS::NoValue` removes. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Beyond this many alternatives a value is reported as unknown rather than enumerated. */
export const MAX_VARIANTS = 64;

const SPECIFIC_PSEUDO = new Set([
  'AWS::Region',
  'AWS::AccountId',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::URLSuffix',
]);

/** Resource types whose `Ref`/`GetAtt` values are chosen by code at deploy time. */
function isCustomResourceType(type: string | undefined) {
  return type !== undefined && (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource');
}

/**
 * Resolves CloudFormation intrinsic functions into the values a property can take.
 *
 * `variants` returns every alternative (both branches of `Fn::If`, each of a
 * parameter's `AllowedValues`), with what cannot be known as `Unknown` or as a hole
 * inside a string. It never throws on odd input: anything it does not understand is
 * unknown, so a rule reports it rather than passing it.
 */
export class Resolver {
  /**
   * Alternatives already computed, by raw object: several rules read the same
   * property (a policy document is judged by IAM1, IAM2, IAM3...), and it is
   * resolved once. The lists are frozen: callers share them.
   */
  private readonly memo = new WeakMap<object, readonly unknown[]>();

  constructor(private readonly scope: ResolverScope) {}

  /**
   * A resolver for the same template with some parameters fixed to one of their values:
   * a property that names such a parameter twice (a bucket's name, and the ARN in its
   * policy) then takes the same value in both places, as it does once deployed.
   */
  public withParameters(values: Readonly<Record<string, string | number>>): Resolver {
    const scope = this.scope;
    const parameters: Record<string, any> = { ...scope.parameters };
    for (const [name, value] of Object.entries(values)) parameters[name] = { ...parameters[name], AllowedValues: [value] };
    return new Resolver({ parameters, mappings: scope.mappings, resourceType: (id) => scope.resourceType(id) });
  }

  /**
   * Every way to fix the parameters with several `AllowedValues` that a raw value names
   * (by `Ref`, or as `${Name}` in an `Fn::Sub`): one binding per combination of their
   * values; none when it names no such parameter or the combinations exceed `max`.
   */
  public parameterBindings(value: unknown, max = 16): Array<Record<string, string | number>> {
    const names = new Set<string>();
    const visit = (v: unknown, depth: number) => {
      if (depth > 40) return;
      if (Array.isArray(v)) {
        for (const x of v) visit(x, depth + 1);
        return;
      }
      if (!isObject(v)) return;
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Ref' && typeof x === 'string') names.add(x);
        if (k === 'Fn::Sub') {
          const text = Array.isArray(x) ? x[0] : x;
          const vars = Array.isArray(x) && isObject(x[1]) ? x[1] : {};
          if (typeof text === 'string') {
            for (const name of subPlaceholders(text)) if (!(name in vars)) names.add(name.split('.')[0]);
          }
        }
        visit(x, depth + 1);
      }
    };
    visit(value, 0);
    let bindings: Array<Record<string, string | number>> = [{}];
    for (const name of names) {
      const param = this.scope.parameters[name];
      const type = isObject(param) && typeof param.Type === 'string' ? param.Type : 'String';
      if (type === 'CommaDelimitedList' || type.startsWith('List<') || type.startsWith('AWS::SSM::')) continue;
      const allowed = this.parameter(name, param, 0);
      if (allowed.length < 2) continue;
      const next: Array<Record<string, string | number>> = [];
      for (const b of bindings) for (const a of allowed) next.push({ ...b, [name]: a as string | number });
      if (next.length > max) return [];
      bindings = next;
    }
    return bindings.length === 1 ? [] : bindings;
  }

  /** Every value `value` can take, fully resolved. */
  public variants(value: unknown): unknown[] {
    if (typeof value !== 'object' || value === null) return [value];
    const cached = this.memo.get(value);
    if (cached) return cached as unknown[];
    const all = this.resolve(value, 0);
    const out = Object.freeze(all.length > MAX_VARIANTS ? [new Unknown('too many alternatives')] : all);
    this.memo.set(value, out);
    return out as unknown[];
  }

  /**
   * The elements a list property can hold, across every alternative of the list
   * itself (each element still raw: resolve it with `variants`). `AWS::NoValue`
   * elements are dropped; an unknown list yields one `Unknown` element.
   */
  public items(value: unknown): unknown[] {
    const out: unknown[] = [];
    for (const v of this.shallow(value)) {
      if (v === NO_VALUE || v === undefined || v === null) continue;
      if (Array.isArray(v)) {
        for (const item of v) {
          for (const iv of this.shallow(item)) {
            if (iv !== NO_VALUE) out.push(iv);
          }
        }
      } else {
        out.push(v);
      }
    }
    return out;
  }

  /** The alternatives of a value at its top level only (`Fn::If`, `Ref` to a parameter), children left raw. */
  public shallow(value: unknown, depth = 0): unknown[] {
    if (depth > 20) return [new Unknown('nesting too deep')];
    if (isObject(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'Fn::If') {
        const args = value['Fn::If'];
        if (!Array.isArray(args) || args.length !== 3) return [new Unknown('malformed Fn::If')];
        return [...this.shallow(args[1], depth + 1), ...this.shallow(args[2], depth + 1)];
      }
      if (isIntrinsic(value)) return this.resolve(value, depth);
    }
    return [value];
  }

  private resolve(value: unknown, depth: number): unknown[] {
    if (depth > 40) return [new Unknown('nesting too deep')];
    if (value instanceof Unknown || value === NO_VALUE) return [value];
    if (Array.isArray(value)) return this.resolveList(value, depth);
    if (!isObject(value)) return [value];

    const keys = Object.keys(value);
    if (keys.length === 1) {
      const key = keys[0];
      const arg = value[key];
      if (key === 'Ref') return this.ref(arg, depth);
      if (key.startsWith('Fn::')) return this.fn(key, arg, depth);
    }
    return this.resolveObject(value, depth);
  }

  private resolveList(list: unknown[], depth: number): unknown[] {
    const resolved = list.map((item) => this.resolve(item, depth + 1));
    if (resolved.every((vs) => vs.length === 1)) {
      // One alternative per element (the common case): no cross product to build.
      const one: unknown[] = [];
      for (const [v] of resolved) if (v !== NO_VALUE) one.push(v);
      return [one];
    }
    let acc: unknown[][] = [[]];
    for (const vs of resolved) {
      const next: unknown[][] = [];
      for (const prefix of acc) {
        for (const v of vs) {
          next.push(v === NO_VALUE ? prefix : [...prefix, v]);
          if (next.length > MAX_VARIANTS) return [new Unknown('too many alternatives')];
        }
      }
      acc = next;
    }
    return acc;
  }

  private resolveObject(obj: Record<string, unknown>, depth: number): unknown[] {
    const entries = Object.entries(obj).map(([k, child]) => [k, this.resolve(child, depth + 1)] as const);
    if (entries.every(([, vs]) => vs.length === 1)) {
      const one: Record<string, unknown> = {};
      for (const [k, [v]] of entries) if (v !== NO_VALUE) one[k] = v;
      return [one];
    }
    let combinations = 1;
    for (const [, vs] of entries) {
      combinations *= vs.length;
      if (combinations > MAX_VARIANTS) return overflowObject(entries);
    }
    let acc: Record<string, unknown>[] = [{}];
    for (const [k, vs] of entries) {
      const next: Record<string, unknown>[] = [];
      for (const prefix of acc) {
        for (const v of vs) next.push(v === NO_VALUE ? prefix : { ...prefix, [k]: v });
      }
      acc = next;
    }
    return acc;
  }

  private ref(name: unknown, depth: number): unknown[] {
    if (typeof name !== 'string') return [new Unknown('Ref to a computed name')];
    if (name === 'AWS::NoValue') return [NO_VALUE];
    if (SPECIFIC_PSEUDO.has(name)) return [specificHole(name)];
    if (name.startsWith('AWS::')) return [new Unknown(name)];
    const param = this.scope.parameters[name];
    if (param !== undefined) return this.parameter(name, param, depth);
    const type = this.scope.resourceType(name);
    if (type !== undefined && !isCustomResourceType(type)) return [specificHole(`Ref.${name}`)];
    return [unknownHole(`Ref.${name}`)];
  }

  private parameter(name: string, param: any, _depth: number): unknown[] {
    const allowed = isObject(param) ? param.AllowedValues : undefined;
    const type = isObject(param) && typeof param.Type === 'string' ? param.Type : 'String';
    if (Array.isArray(allowed) && allowed.length > 0 && allowed.length <= MAX_VARIANTS && !type.startsWith('AWS::SSM::')) {
      if (type === 'CommaDelimitedList' || type.startsWith('List<')) {
        // Each allowed value is one element of the list the user may pick.
        return [allowed.map((a) => String(a))];
      }
      return allowed.map((a) => (typeof a === 'number' ? a : String(a)));
    }
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) return [new Unknown(`Ref.${name}`)];
    return [unknownHole(`Ref.${name}`)];
  }

  private fn(key: string, arg: unknown, depth: number): unknown[] {
    switch (key) {
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) return [new Unknown('malformed Fn::If')];
        return [...this.resolve(arg[1], depth + 1), ...this.resolve(arg[2], depth + 1)];
      }
      case 'Fn::GetAtt':
        return [this.getAtt(arg)];
      case 'Fn::Join':
        return this.join(arg, depth);
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::ImportValue':
        return [new Unknown('Fn::ImportValue')];
      case 'Fn::Base64':
        return this.resolve(arg, depth + 1);
      case 'Fn::Select':
        return this.select(arg, depth);
      case 'Fn::Split':
        return this.split(arg, depth);
      case 'Fn::FindInMap':
        return this.findInMap(arg, depth);
      case 'Fn::ToJsonString': {
        const vs = this.resolve(arg, depth + 1);
        return vs.map((v) => (containsUnknown(v) ? new Unknown('Fn::ToJsonString') : JSON.stringify(v)));
      }
      default:
        return [new Unknown(key)];
    }
  }

  private getAtt(arg: unknown): unknown {
    let id: unknown;
    let attr: unknown;
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      id = dot < 0 ? arg : arg.slice(0, dot);
      attr = dot < 0 ? '' : arg.slice(dot + 1);
    } else if (Array.isArray(arg)) {
      [id, attr] = arg;
    }
    if (typeof id !== 'string' || typeof attr !== 'string') return new Unknown('Fn::GetAtt with a computed name');
    const type = this.scope.resourceType(id);
    if (type === undefined || isCustomResourceType(type)) return unknownHole(`GetAtt.${id}.${attr}`);
    return specificHole(`GetAtt.${id}.${attr}`);
  }

  private join(arg: unknown, depth: number): unknown[] {
    if (!Array.isArray(arg) || arg.length !== 2) return [new Unknown('malformed Fn::Join')];
    const delimiters = this.resolve(arg[0], depth + 1);
    const lists = this.resolve(arg[1], depth + 1);
    const out: unknown[] = [];
    for (const d of delimiters) {
      for (const list of lists) {
        if (typeof d !== 'string' || !Array.isArray(list)) {
          out.push(new Unknown('Fn::Join over an unknown list'));
          continue;
        }
        out.push(list.map(piece).join(d));
      }
    }
    return out;
  }

  private sub(arg: unknown, depth: number): unknown[] {
    let text: unknown;
    let vars: Record<string, unknown> = {};
    if (typeof arg === 'string') {
      text = arg;
    } else if (Array.isArray(arg) && arg.length >= 1) {
      text = arg[0];
      if (isObject(arg[1])) vars = arg[1];
    }
    if (typeof text !== 'string') return [new Unknown('malformed Fn::Sub')];

    // Split into literal parts and variable names; `${!Literal}` is a literal `${Literal}`.
    const parts: Array<{ lit: string } | { name: string }> = [];
    const re = /\$\{([^}]*)\}/g;
    let last = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parts.push({ lit: text.slice(last, m.index) });
      const name = m[1].trim();
      if (name.startsWith('!')) parts.push({ lit: '${' + name.slice(1) + '}' });
      else parts.push({ name });
      last = m.index + m[0].length;
    }
    if (last < text.length) parts.push({ lit: text.slice(last) });

    let acc: string[] = [''];
    for (const p of parts) {
      let options: string[];
      if ('lit' in p) {
        options = [p.lit];
      } else if (p.name in vars) {
        options = this.resolve(vars[p.name], depth + 1).map(piece);
      } else if (p.name.includes('.')) {
        const dot = p.name.indexOf('.');
        options = [piece(this.getAtt([p.name.slice(0, dot), p.name.slice(dot + 1)]))];
      } else {
        options = this.ref(p.name, depth).map(piece);
      }
      const next: string[] = [];
      for (const a of acc) for (const o of options) next.push(a + o);
      if (next.length > MAX_VARIANTS) return [new Unknown('too many alternatives')];
      acc = next;
    }
    return acc;
  }

  private select(arg: unknown, depth: number): unknown[] {
    if (!Array.isArray(arg) || arg.length !== 2) return [new Unknown('malformed Fn::Select')];
    const out: unknown[] = [];
    for (const idx of this.resolve(arg[0], depth + 1)) {
      for (const list of this.resolve(arg[1], depth + 1)) {
        const i = typeof idx === 'number' ? idx : typeof idx === 'string' && /^\d+$/.test(idx) ? Number(idx) : NaN;
        if (!Array.isArray(list) || isNaN(i) || i >= list.length) out.push(new Unknown('Fn::Select'));
        else out.push(list[i]);
      }
    }
    return out;
  }

  private split(arg: unknown, depth: number): unknown[] {
    if (!Array.isArray(arg) || arg.length !== 2) return [new Unknown('malformed Fn::Split')];
    const out: unknown[] = [];
    for (const d of this.resolve(arg[0], depth + 1)) {
      for (const s of this.resolve(arg[1], depth + 1)) {
        if (typeof d !== 'string' || typeof s !== 'string' || s.includes('⟪') || s.includes('⟦')) {
          out.push(new Unknown('Fn::Split'));
        } else {
          out.push(s.split(d));
        }
      }
    }
    return out;
  }

  private findInMap(arg: unknown, depth: number): unknown[] {
    if (!Array.isArray(arg) || arg.length < 3) return [new Unknown('malformed Fn::FindInMap')];
    const maps = this.resolve(arg[0], depth + 1);
    const out: unknown[] = [];
    for (const mapName of maps) {
      const map = typeof mapName === 'string' ? this.scope.mappings[mapName] : undefined;
      if (!isObject(map)) {
        out.push(new Unknown('Fn::FindInMap'));
        continue;
      }
      for (const k1 of this.resolve(arg[1], depth + 1)) {
        const firsts = typeof k1 === 'string' && k1 in map ? [map[k1]] : isKnownKey(k1) ? [] : Object.values(map);
        for (const first of firsts) {
          if (!isObject(first)) continue;
          for (const k2 of this.resolve(arg[2], depth + 1)) {
            const values = typeof k2 === 'string' && k2 in first ? [first[k2]] : isKnownKey(k2) ? [] : Object.values(first);
            for (const v of values) out.push(...this.resolve(v, depth + 1));
          }
        }
      }
    }
    if (out.length === 0) return [new Unknown('Fn::FindInMap')];
    return out;
  }
}

function isKnownKey(k: unknown) {
  return typeof k === 'string' && !k.includes('⟪') && !k.includes('⟦');
}

/** A resolved value as a piece of a string: unknown values become unknown holes. */
function piece(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Unknown) return unknownHole(v.reason);
  if (v === NO_VALUE || v === undefined) return '';
  return unknownHole('non-string value');
}

/**
 * The alternatives of an object whose properties have too many combinations to
 * enumerate (more than `MAX_VARIANTS`). Nothing is dropped and nothing is made up:
 * - the properties with the fewest alternatives are combined in full, as long as
 *   their combinations fit (every joint check on them stays exact);
 * - each remaining property takes each of its alternatives in at least one
 *   variant (so a rule that judges that property alone sees every value it can take);
 * - one more variant has every remaining property unknown, because which of their
 *   values go together was not enumerated: a rule that judges such a property
 *   together with another reports it as unresolved instead of passing.
 * A property with more alternatives than fit is unknown in every variant.
 */
function overflowObject(entries: ReadonlyArray<readonly [string, unknown[]]>): unknown[] {
  const limit = MAX_VARIANTS - 1;
  const byCount = entries.filter(([, vs]) => vs.length > 1).sort((a, b) => a[1].length - b[1].length);
  const full = new Set<string>();
  let product = 1;
  for (const [k, vs] of byCount) {
    if (product * vs.length > limit) break;
    product *= vs.length;
    full.add(k);
  }
  // The full product of the combined properties, each as a list of [key, value] pairs.
  let combined: Array<Array<readonly [string, unknown]>> = [[]];
  for (const [k, vs] of entries) {
    if (!full.has(k)) continue;
    const next: Array<Array<readonly [string, unknown]>> = [];
    for (const prefix of combined) for (const v of vs) next.push([...prefix, [k, v]]);
    combined = next;
  }
  const rest = entries.filter(([k, vs]) => vs.length > 1 && !full.has(k));
  let count = combined.length;
  for (const [, vs] of rest) if (vs.length <= limit) count = Math.max(count, vs.length);

  const build = (pick: (k: string, vs: unknown[]) => unknown) => {
    const o: Record<string, unknown> = {};
    for (const [k, vs] of entries) {
      const v = pick(k, vs);
      if (v !== NO_VALUE) o[k] = v;
    }
    return o;
  };
  const tooMany = new Unknown('too many alternatives');
  /** Variant `i` (of `count`), or the last one (`i` undefined), with every property not combined in full unknown. */
  const variant = (i?: number) => {
    const chosen = new Map(combined[(i ?? 0) % combined.length]);
    return build((k, vs) => {
      if (vs.length === 1) return vs[0];
      if (chosen.has(k)) return chosen.get(k);
      return i === undefined || vs.length > limit ? tooMany : vs[i % vs.length];
    });
  };
  const out: unknown[] = [];
  for (let i = 0; i < count; i++) out.push(variant(i));
  out.push(variant());
  return out;
}

export function containsUnknown(v: unknown): boolean {
  if (v instanceof Unknown) return true;
  if (typeof v === 'string') return v.includes('⟪');
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}
