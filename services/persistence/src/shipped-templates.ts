import { readdir, readFile } from 'node:fs/promises';
import { extname, join, basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DomainError, type TemplateKind } from '@scrai/contracts';
import { parseTemplateBody } from './template-body.js';

export interface ShippedTemplate {
  kind: TemplateKind;
  name: string;
  body: Record<string, unknown>;
  /** Path relative to the templates directory, for messages. */
  file: string;
}

const DIRS: ReadonlyArray<{ dir: string; kind: TemplateKind }> = [
  { dir: 'agents', kind: 'agent' },
  { dir: 'scenarios', kind: 'scenario' },
];
const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** Thrown for a shipped file that cannot be used; the message names the file and the field. */
export class ShippedTemplateError extends Error {
  constructor(file: string, problems: string[]) {
    super(`shipped template ${file}: ${problems.join('; ')}`);
    this.name = 'ShippedTemplateError';
  }
}

function parseFile(file: string, text: string): unknown {
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ShippedTemplateError(file, [`cannot parse: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

function validate(kind: TemplateKind, file: string, raw: unknown): ShippedTemplate {
  try {
    const body = parseTemplateBody(kind, raw);
    const stem = basename(file, extname(file));
    if (body.name !== stem) throw new ShippedTemplateError(file, [`name: "${body.name}" must match the file name "${stem}"`]);
    return { kind, name: body.name, body, file };
  } catch (e) {
    if (e instanceof DomainError) throw new ShippedTemplateError(file, e.details.map((d) => `${d.path}: ${d.message}`));
    throw e;
  }
}

async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => EXTENSIONS.has(extname(f))).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Scenario roles that name an agent template must name one that ships too. */
function checkRoleReferences(templates: readonly ShippedTemplate[]): void {
  const agents = new Set(templates.filter((t) => t.kind === 'agent').map((t) => t.name));
  for (const t of templates) {
    if (t.kind !== 'scenario') continue;
    const roles = t.body.roles as Record<string, { agent: unknown }>;
    const missing = Object.entries(roles)
      .filter(([, r]) => typeof r.agent === 'string' && !agents.has(r.agent))
      .map(([role, r]) => `roles.${role}.agent: no shipped agent template "${String(r.agent)}"`);
    if (missing.length) throw new ShippedTemplateError(t.file, missing);
  }
}

/**
 * Reads and validates every template file under `<dir>/agents` and `<dir>/scenarios`. Any bad file
 * stops the load with its name and the failing field, so a broken shipped template stops the boot.
 */
export async function loadShippedTemplates(dir: string): Promise<ShippedTemplate[]> {
  try {
    await readdir(dir);
  } catch {
    throw new Error(`templates directory ${dir} cannot be read (set SCRAI_TEMPLATES_DIR)`);
  }
  const out: ShippedTemplate[] = [];
  for (const { dir: sub, kind } of DIRS) {
    for (const name of await filesIn(join(dir, sub))) {
      const file = `${sub}/${name}`;
      const t = validate(kind, file, parseFile(file, await readFile(join(dir, sub, name), 'utf8')));
      const clash = out.find((o) => o.kind === t.kind && o.name === t.name);
      if (clash) throw new ShippedTemplateError(file, [`name: "${t.name}" is also defined by ${clash.file}`]);
      out.push(t);
    }
  }
  checkRoleReferences(out);
  return out;
}
