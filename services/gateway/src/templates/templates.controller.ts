import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, type Type } from '@nestjs/common';
import { DomainError, templateKindSchema, type Page, type TemplateKind, type TemplateRecord } from '@scrai/contracts';
import { API_PREFIX } from '../http/api-prefix.js';
import { TemplatesService } from './templates-service.js';

/** CRUD of one template kind under `/api/v1/<path>`; `ref` is a template's name or id. */
function templatesController(kind: TemplateKind, path: string): Type<unknown> {
  @Controller(`${API_PREFIX}/${path}`)
  class TemplatesController {
    constructor(@Inject(TemplatesService) private readonly templates: TemplatesService) {}

    @Get()
    list(): Promise<Page<TemplateRecord>> {
      return this.templates.list(kind);
    }

    @Get(':ref')
    get(@Param('ref') ref: string): Promise<TemplateRecord> {
      return this.templates.get(kind, ref);
    }

    @Post()
    @HttpCode(201)
    create(@Body() body: unknown): Promise<TemplateRecord> {
      return this.templates.create(kind, body);
    }

    @Put(':ref')
    update(@Param('ref') ref: string, @Body() body: unknown): Promise<TemplateRecord> {
      return this.templates.update(kind, ref, body);
    }

    @Delete(':ref')
    @HttpCode(204)
    async remove(@Param('ref') ref: string): Promise<void> {
      await this.templates.remove(kind, ref);
    }
  }
  Object.defineProperty(TemplatesController, 'name', { value: `${kind[0]!.toUpperCase()}${kind.slice(1)}TemplatesController` });
  return TemplatesController;
}

export const AgentsController = templatesController('agent', 'agents');
export const ScenariosController = templatesController('scenario', 'scenarios');

/** JSON Schemas of template bodies, for editors and the CLI's validation. */
@Controller(`${API_PREFIX}/schemas`)
export class SchemasController {
  constructor(@Inject(TemplatesService) private readonly templates: TemplatesService) {}

  @Get(':kind')
  schema(@Param('kind') kind: string): Record<string, unknown> {
    const k = templateKindSchema.safeParse(kind);
    if (!k.success) throw new DomainError(404, `no schema named "${kind}" (use agent or scenario)`);
    return this.templates.schema(k.data);
  }
}
