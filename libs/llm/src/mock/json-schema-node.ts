/** A JSON Schema node as the mock reads it (draft 2020-12, draft-07 and OpenAPI `nullable` alike). */
export type SchemaNode = Record<string, unknown>;

export const isNode = (x: unknown): x is SchemaNode => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Follows local `$ref`s ("#/$defs/x", "#/definitions/x", "#"); a ref that leads nowhere is an error. */
export function resolveRef(node: SchemaNode, root: SchemaNode): SchemaNode {
  let cur = node;
  for (let hops = 0; typeof cur.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref cycle at ${String(cur.$ref)}`);
    const ref = cur.$ref as string;
    if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, got "${ref}"`);
    let target: unknown = root;
    for (const part of ref.slice(1).split('/').filter(Boolean)) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      target = isNode(target) ? target[key] : undefined;
    }
    if (!isNode(target)) throw new Error(`$ref "${ref}" does not point at a schema`);
    const { $ref: _ignored, ...rest } = cur;
    cur = { ...target, ...rest };
  }
  return cur;
}

/** The types a node allows; empty when it does not say (then its keywords decide). */
export function typesOf(node: SchemaNode): string[] {
  const t = node.type;
  const types = Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : typeof t === 'string' ? [t] : [];
  if (node.nullable === true && !types.includes('null')) types.push('null');
  if (types.length === 0) {
    if (isNode(node.properties) || node.additionalProperties !== undefined) return ['object'];
    if (node.items !== undefined || node.prefixItems !== undefined) return ['array'];
  }
  return types;
}

/** Merges `allOf` members into one node (properties and required are unioned; the rest: last wins). */
export function mergeAllOf(node: SchemaNode, root: SchemaNode): SchemaNode {
  if (!Array.isArray(node.allOf)) return node;
  const { allOf, ...base } = node;
  let out: SchemaNode = base;
  for (const m of allOf as unknown[]) {
    if (!isNode(m)) continue;
    const part = mergeAllOf(resolveRef(m, root), root);
    out = {
      ...out,
      ...part,
      properties: { ...(isNode(out.properties) ? out.properties : {}), ...(isNode(part.properties) ? part.properties : {}) },
      required: [...new Set([...(Array.isArray(out.required) ? out.required : []), ...(Array.isArray(part.required) ? part.required : [])])],
    };
  }
  return out;
}
