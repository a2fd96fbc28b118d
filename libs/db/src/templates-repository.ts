import { DomainError, type TemplateKind, type TemplateRecord } from '@scrai/contracts';
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from './database-errors.js';
import { TemplateEntity } from './entities/template.entity.js';
import { isoOf } from './iso-time.js';
import { chunksOf, rowsOf, withConnection } from './sql-statements.js';

export interface NewTemplate {
  kind: TemplateKind;
  name: string;
  /** The validated template; the repository stores it as given. */
  body: Record<string, unknown>;
  source?: TemplateRecord['source'];
}

export interface TemplateChange {
  name: string;
  body: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const recordOf = (r: TemplateEntity): TemplateRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  body: r.body,
  source: r.source,
  created_at: isoOf(r.created_at),
  updated_at: isoOf(r.updated_at),
});

const notFound = (kind: TemplateKind, ref: string) => new DomainError(404, `no ${kind} template "${ref}"`);
const duplicate = (kind: TemplateKind, name: string) =>
  new DomainError(409, `${kind} template "${name}" already exists`, [{ path: 'name', message: 'already exists' }]);

const COLUMNS = 'id, kind, name, body, source, created_at, updated_at';

/** Agent and scenario templates. A ref is a template's id (uuid) or its name. */
export class TemplatesRepository {
  constructor(private readonly ds: DataSource) {}

  private get rows() {
    return this.ds.getRepository(TemplateEntity);
  }

  async list(kind?: TemplateKind): Promise<TemplateRecord[]> {
    const found = await this.rows.find({ where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
    return found.map(recordOf);
  }

  async find(kind: TemplateKind, ref: string): Promise<TemplateRecord | null> {
    if (UUID.test(ref)) {
      const byId = await this.rows.findOne({ where: { kind, id: ref.toLowerCase() } });
      if (byId) return recordOf(byId);
    }
    const byName = await this.rows.findOne({ where: { kind, name: ref } });
    return byName ? recordOf(byName) : null;
  }

  /** The template, or a 404 DomainError. */
  async get(kind: TemplateKind, ref: string): Promise<TemplateRecord> {
    const found = await this.find(kind, ref);
    if (!found) throw notFound(kind, ref);
    return found;
  }

  /** Inserts a new template; a 409 DomainError when one of that kind already has the name. */
  async create(t: NewTemplate): Promise<TemplateRecord> {
    const rows = await withConnection(this.ds, (qr) =>
      rowsOf<TemplateEntity>(
        qr,
        `INSERT INTO templates (kind, name, body, source) VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (kind, name) DO NOTHING RETURNING ${COLUMNS}`,
        [t.kind, t.name, JSON.stringify(t.body), t.source ?? 'user'],
      ),
    );
    if (rows.length === 0) throw duplicate(t.kind, t.name);
    return recordOf(rows[0]!);
  }

  /** Replaces a template's body (and name); 404 for an unknown ref, 409 when the new name is taken. */
  async update(kind: TemplateKind, ref: string, change: TemplateChange): Promise<TemplateRecord> {
    const current = await this.get(kind, ref);
    try {
      const rows = await withConnection(this.ds, (qr) =>
        rowsOf<TemplateEntity>(
          qr,
          `UPDATE templates SET name = $2, body = $3::jsonb, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
          [current.id, change.name, JSON.stringify(change.body)],
        ),
      );
      if (rows.length === 0) throw notFound(kind, ref);
      return recordOf(rows[0]!);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicate(kind, change.name);
      throw e;
    }
  }

  /** Deletes a template; 404 for an unknown ref. */
  async delete(kind: TemplateKind, ref: string): Promise<void> {
    const current = await this.get(kind, ref);
    const result = await this.rows.delete({ id: current.id });
    if (!result.affected) throw notFound(kind, ref);
  }

  /**
   * Seeds each shipped template once in the life of the database: a (kind, name) seeded before is
   * never inserted again, so a user's edit, rename or deletion of a shipped template survives every
   * restart, and a template added in a later release is still seeded. A user's own template with the
   * same name wins. Returns the inserted ones.
   */
  async seedIfMissing(records: readonly NewTemplate[]): Promise<TemplateRecord[]> {
    const inserted: TemplateRecord[] = [];
    await withConnection(this.ds, async (qr) => {
      for (const chunk of chunksOf(records)) {
        const rows = await rowsOf<TemplateEntity>(
          qr,
          `WITH d AS (
             SELECT * FROM jsonb_to_recordset($1::jsonb) AS d(kind text, name text, body jsonb, source text)
           ), fresh AS (
             INSERT INTO template_seeds (kind, name) SELECT kind, name FROM d
             ON CONFLICT (kind, name) DO NOTHING
             RETURNING kind, name
           )
           INSERT INTO templates (kind, name, body, source)
           SELECT d.kind, d.name, d.body, d.source FROM d JOIN fresh USING (kind, name)
           ON CONFLICT (kind, name) DO NOTHING
           RETURNING ${COLUMNS}`,
          [JSON.stringify(chunk.map((t) => ({ kind: t.kind, name: t.name, body: t.body, source: t.source ?? 'shipped' })))],
        );
        inserted.push(...rows.map(recordOf));
      }
    });
    return inserted;
  }
}
