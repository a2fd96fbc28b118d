import type { AnswerPlan } from './answer-plan.js';
import {
  genericSentence,
  prefersNull,
  suggestBoolean,
  suggestEnum,
  suggestNumber,
  suggestRecord,
  suggestString,
  suggestStringList,
} from './field-suggestions.js';
import { fitNumber, fitString, formattedString } from './fit-scalar.js';
import { isNode, mergeAllOf, resolveRef, typesOf, type SchemaNode } from './json-schema-node.js';

/**
 * Builds a JSON value that validates against a JSON Schema, filling each field by its name from the
 * answer plan (see field-suggestions.ts) and otherwise with a generic value of the allowed type.
 * Supports object/properties/required/additionalProperties, array/items/prefixItems, string, number,
 * integer, boolean, null, enum, const, anyOf/oneOf/allOf, local $ref and OpenAPI `nullable`.
 * Not supported: `pattern` (strings are not generated from regular expressions), `not`, if/then/else.
 */
export function fillSchema(schema: Record<string, unknown>, plan: AnswerPlan): unknown {
  return new Walker(schema, plan).fill(schema, '', '$', 0);
}

const MAX_DEPTH = 12;

class Walker {
  constructor(
    private readonly root: SchemaNode,
    private readonly plan: AnswerPlan,
  ) {}

  fill(raw: unknown, name: string, path: string, depth: number): unknown {
    if (raw === true || (isNode(raw) && Object.keys(raw).length === 0)) return this.any(name, path);
    if (!isNode(raw)) throw new Error(`${path}: not a schema`);
    const node = mergeAllOf(resolveRef(raw, this.root), this.root);
    if ('const' in node) return node.const;
    if (Array.isArray(node.enum)) return this.enumValue(node.enum, name, path);
    const branches = (Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : null) as unknown[] | null;
    if (branches) return this.branch(node, branches, name, path, depth);
    const types = typesOf(node);
    if (types.length === 0) return this.any(name, path);
    if (types.includes('null') && (depth > MAX_DEPTH || prefersNull(this.plan, name))) return null;
    const type = this.chooseType(types.filter((t) => t !== 'null'), name) ?? 'null';
    return this.typed(type, node, name, path, depth);
  }

  private typed(type: string, node: SchemaNode, name: string, path: string, depth: number): unknown {
    switch (type) {
      case 'object':
        return this.object(node, name, path, depth);
      case 'array':
        return this.array(node, name, path, depth);
      case 'string':
        return this.string(node, name, path);
      case 'integer':
      case 'number':
        return this.number(node, name, path, type === 'integer');
      case 'boolean':
        return suggestBoolean(this.plan, name) ?? this.plan.rng(`bool:${path}`).chance(0.5);
      case 'null':
        return null;
      default:
        throw new Error(`${path}: unsupported type "${type}"`);
    }
  }

  /** Among several allowed types, the one a name-based suggestion fits, else the first listed. */
  private chooseType(types: string[], name: string): string | undefined {
    const fits: Array<[string, () => unknown]> = [
      ['number', () => suggestNumber(this.plan, name)],
      ['integer', () => suggestNumber(this.plan, name)],
      ['boolean', () => suggestBoolean(this.plan, name)],
      ['string', () => suggestString(this.plan, name)],
      ['array', () => suggestStringList(this.plan, name)],
      ['object', () => suggestRecord(this.plan, name)],
    ];
    for (const [t, suggest] of fits) if (types.includes(t) && suggest() !== undefined) return t;
    return types[0];
  }

  private any(name: string, path: string): unknown {
    return suggestRecord(this.plan, name) ?? suggestStringList(this.plan, name) ?? suggestNumber(this.plan, name) ??
      suggestBoolean(this.plan, name) ?? suggestString(this.plan, name) ?? genericSentence(this.plan, path);
  }

  private enumValue(values: unknown[], name: string, path: string): unknown {
    if (values.length === 0) throw new Error(`${path}: empty enum`);
    const suggested = suggestEnum(this.plan, name, values);
    return suggested !== undefined ? suggested : this.plan.rng(`enum:${path}`).pick(values);
  }

  private branch(node: SchemaNode, branches: unknown[], name: string, path: string, depth: number): unknown {
    const { anyOf: _a, oneOf: _o, ...rest } = node;
    const options = branches.filter(isNode).map((b) => ({ ...rest, ...mergeAllOf(resolveRef(b, this.root), this.root) }));
    if (options.length === 0) throw new Error(`${path}: anyOf/oneOf has no usable branch`);
    const nulls = options.filter((o) => typesOf(o).length === 1 && typesOf(o)[0] === 'null');
    const others = options.filter((o) => !nulls.includes(o));
    if (nulls.length && (others.length === 0 || depth > MAX_DEPTH || prefersNull(this.plan, name))) return null;
    const wanted = this.chooseType(others.flatMap((o) => typesOf(o)), name);
    const chosen = others.find((o) => wanted !== undefined && typesOf(o).includes(wanted)) ?? others[0]!;
    return this.fill(chosen, name, path, depth);
  }

  private object(node: SchemaNode, name: string, path: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const props = isNode(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    for (const [key, sub] of Object.entries(props)) {
      if (sub === false) continue;
      if (depth >= MAX_DEPTH && !required.has(key)) continue;
      out[key] = this.fill(sub, key, `${path}.${key}`, depth + 1);
    }
    for (const key of required) if (!(key in out)) out[key] = this.fill(true, key, `${path}.${key}`, depth + 1);
    const extra = node.additionalProperties;
    if (Object.keys(props).length === 0 && extra !== false && extra !== undefined) {
      const record = suggestRecord(this.plan, name);
      if (record) {
        for (const [k, v] of Object.entries(record)) out[k] = extra === true ? v : this.fitRecordValue(v, extra, k, `${path}.${k}`, depth);
      }
    }
    const minProps = typeof node.minProperties === 'number' ? node.minProperties : 0;
    for (let i = 1; Object.keys(out).length < minProps && extra !== false; i++) {
      out[`item_${i}`] = this.fill(isNode(extra) ? extra : true, `item_${i}`, `${path}.item_${i}`, depth + 1);
    }
    return out;
  }

  /** A suggested record value kept when the value schema allows a number, else regenerated. */
  private fitRecordValue(v: number, valueSchema: unknown, key: string, path: string, depth: number): unknown {
    if (isNode(valueSchema)) {
      const types = typesOf(resolveRef(valueSchema, this.root));
      if (types.includes('number')) return v;
      if (types.includes('integer') && Number.isInteger(v)) return v;
    }
    return this.fill(valueSchema, key, path, depth + 1);
  }

  private array(node: SchemaNode, name: string, path: string, depth: number): unknown[] {
    const min = typeof node.minItems === 'number' ? node.minItems : 0;
    const max = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
    const tuple = Array.isArray(node.items) ? (node.items as unknown[]) : null;
    const prefix = Array.isArray(node.prefixItems) ? (node.prefixItems as unknown[]) : (tuple ?? []);
    const items = tuple ? (node.additionalItems ?? true) : node.items;
    const itemNode = isNode(items) ? resolveRef(items, this.root) : null;
    const stringItems = itemNode !== null && typesOf(itemNode).includes('string') && !Array.isArray(itemNode.enum);
    const suggested = prefix.length === 0 && stringItems ? suggestStringList(this.plan, name) : undefined;
    if (suggested) {
      const list = suggested.slice(0, max).map((s) => fitString(s, itemNode!, genericSentence(this.plan, path)));
      for (let i = list.length; i < min; i++) list.push(this.fill(itemNode, name, `${path}[${i}]`, depth + 1) as string);
      return list;
    }
    const wanted = depth >= MAX_DEPTH ? min : Math.min(max, Math.max(min, prefix.length, items === false ? 0 : 2));
    const out: unknown[] = [];
    for (let i = 0; i < wanted; i++) {
      const sub = i < prefix.length ? prefix[i] : items === undefined ? true : items;
      out.push(this.fill(sub, singular(name), `${path}[${i}]`, depth + 1));
    }
    return out;
  }

  private string(node: SchemaNode, name: string, path: string): string {
    const format = typeof node.format === 'string' ? formattedString(node.format, hexOf(path, this.plan), this.plan.voice.self) : undefined;
    const text = format ?? suggestString(this.plan, name) ?? genericSentence(this.plan, path);
    return fitString(text, node, genericSentence(this.plan, `${path}#pad`));
  }

  private number(node: SchemaNode, name: string, path: string, integer: boolean): number {
    const lo = typeof node.minimum === 'number' ? node.minimum : integer ? 0 : 0;
    const hi = typeof node.maximum === 'number' ? node.maximum : integer ? Math.max(lo + 10, 10) : Math.max(lo + 1, 1);
    const rng = this.plan.rng(`num:${path}`);
    const fallback = integer ? lo + rng.int(Math.max(1, Math.floor(hi - lo) + 1)) : Math.round(rng.between(lo, hi) * 100) / 100;
    return fitNumber(suggestNumber(this.plan, name) ?? fallback, node, integer);
  }
}

const singular = (name: string) => (name.endsWith('s') && name.length > 3 ? name.slice(0, -1) : name);

const hexOf = (path: string, plan: AnswerPlan) => {
  const r = plan.rng(`hex:${path}`);
  let s = '';
  for (let i = 0; i < 4; i++) s += r.int(0x100000000).toString(16).padStart(8, '0');
  return s;
};
