import { INestApplication, RequestMethod } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from '../auth/auth.decorators';
import { ErrorResponse, ValidationProblem } from '../common/error-response';
import { arrayOrPageSchemas } from '../common/pagination';

/** Everything under /api except the content-addressed media, which agents and CDNs fetch at /media/{file}. */
export function applyApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: [{ path: 'media/:file', method: RequestMethod.GET }, { path: 'metrics', method: RequestMethod.GET }] });
}

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** The OpenAPI document served at /api/docs-json; the console generates its API types from it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('阳光播控 Sunshine Cast API')
    .setDescription('基层政务公开播控：内容、审核、渲染、排期、设备、播放记录。所有错误均以 ErrorResponse（{ code, message, details? }）返回。')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const doc = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse, ValidationProblem] });
  markPublicOperations(doc);
  addErrorResponses(doc);
  addListSchemas(doc);
  return doc;
}

function eachOperation(doc: OpenAPIObject, fn: (op: Operation) => void): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const op: Operation | undefined = item[method];
      if (op) fn(op);
    }
  }
}

/** A @Public() route needs no token even when its controller documents bearer auth for its other routes. */
export function markPublicOperations(doc: OpenAPIObject): void {
  eachOperation(doc, (op) => {
    const ext = op as Operation & Record<string, unknown>;
    if (ext[PUBLIC_OPERATION_EXTENSION] !== true) return;
    delete ext[PUBLIC_OPERATION_EXTENSION];
    op.security = [];
  });
}

/**
 * The global exception filter answers every error with ErrorResponse, so the statuses every route can produce
 * (validation, authentication, unknown ids, anything else) are added here once instead of on each route;
 * route-specific ones (403 via @Roles, 409, 413, 415) are declared on the routes.
 */
export function addErrorResponses(doc: OpenAPIObject): void {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } } });
  eachOperation(doc, (op) => {
    const params = op.parameters ?? [];
    const add = (status: string, description: string) => {
      op.responses[status] ??= error(description);
    };
    if (op.requestBody || params.length > 0) add('400', '请求参数不合法（VALIDATION_FAILED 等）');
    if ((op.security ?? []).length > 0) add('401', '未登录或登录已过期（UNAUTHENTICATED）');
    if (params.some((p) => 'in' in p && p.in === 'path')) add('404', '资源不存在');
    add('default', '其他错误（如 500 INTERNAL_ERROR）');
  });
}

/** The named array-or-page schemas that ApiArrayOrPage refers to (Swagger only names classes itself). */
export function addListSchemas(doc: OpenAPIObject): void {
  doc.components ??= {};
  doc.components.schemas ??= {};
  for (const [name, schema] of arrayOrPageSchemas()) doc.components.schemas[name] ??= schema;
}
