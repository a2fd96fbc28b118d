import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express from 'express';
import type { ServiceContext } from '@scrai/service-host';
import type { GatewayConfig } from '../config.js';
import { openApiDocument } from '../openapi/openapi-document.js';
import { ApiExceptionFilter } from './api-exception-filter.js';

/**
 * HTTP plumbing around the controllers: the JSON body parser with its size limit, the one error
 * filter, and the OpenAPI document with Swagger UI at /api/docs (JSON at /api/docs-json).
 */
export function configureHttp(app: INestApplication, ctx: ServiceContext<GatewayConfig>): void {
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  app.use(express.json({ limit: ctx.config.SCRAI_BODY_LIMIT }));
  app.useGlobalFilters(new ApiExceptionFilter(ctx.log, ctx.config.SCRAI_BODY_LIMIT));
  SwaggerModule.setup('api/docs', app, openApiDocument(ctx.version) as unknown as OpenAPIObject, {
    customSiteTitle: 'ScrAI API',
  });
}
