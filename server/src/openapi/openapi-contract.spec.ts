/**
 * The console generates its API types from the OpenAPI document, so the document must say exactly what the
 * validation pipe accepts and what every route answers. This builds the document in-process from every
 * controller (stub providers: no database, no broker) and compares it with the class-validator metadata.
 */
import { BrokerHookGuard } from '../mqtt/broker-hook.guard';
import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common/enums/request-method.enum';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { applyApiPrefix, buildOpenApiDocument } from './openapi-document';

jest.setTimeout(60_000);

/** class-transformer keeps @Type metadata here; the package ships no typings for the path. */
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: Function, property: string): { typeFunction?: () => unknown } | undefined };
};

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  minItems?: number;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Response = { content?: Record<string, { schema?: Schema }> };
type Operation = {
  operationId?: string;
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  responses: Record<string, Response>;
};

const CHINESE = /[\u4e00-\u9fff]/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Validators that say what JSON type a value has. */
const JSON_TYPES: Record<string, string> = {
  isString: 'string',
  isInt: 'integer',
  isNumber: 'number',
  isBoolean: 'boolean',
  isArray: 'array',
  isISO8601: 'string',
  isDateString: 'string',
  isUUID: 'string',
  matches: 'string',
  isUrl: 'string',
};

/** Every controller by convention lives in a `*.controller.ts` file under server/src. */
function findControllers(): Array<Type<unknown>> {
  const root = path.resolve(__dirname, '..');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
  return files.flatMap((f) =>
    Object.values(require(path.join(root, f)) as Record<string, unknown>).filter(
      (v): v is Type<unknown> => typeof v === 'function' && Reflect.getMetadata(PATH_METADATA, v) !== undefined,
    ),
  );
}

async function documentApp(controllers: Array<Type<unknown>>): Promise<INestApplication> {
  // Guards run no request here; the broker hooks' guard would otherwise read a stub config at construction.
  const moduleRef = await Test.createTestingModule({ controllers })
    .useMocker(() => ({}))
    .overrideGuard(BrokerHookGuard)
    .useValue({ canActivate: () => true })
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  applyApiPrefix(app);
  return app;
}

class Checker {
  readonly problems: string[] = [];
  constructor(private readonly doc: OpenAPIObject) {}

  resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    const ref = schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
    if (!ref) return schema;
    return (this.doc.components?.schemas ?? {})[ref.replace('#/components/schemas/', '')] as Schema | undefined;
  }

  private fail(where: string, message: string): void {
    this.problems.push(`${where}: ${message}`);
  }

  /** Compares one DTO class's validation with its documented object schema, recursing into nested DTOs. */
  compareClass(cls: Function, schema: Schema, where: string, ignore: (s: Schema) => boolean = () => false): void {
    const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
    const byProp = new Map<string, ValidationMetadata[]>();
    for (const m of metas) byProp.set(m.propertyName, [...(byProp.get(m.propertyName) ?? []), m]);
    const documented = Object.entries(schema.properties ?? {}).filter(([, s]) => !ignore(s)).map(([k]) => k);
    for (const name of byProp.keys()) if (!documented.includes(name)) this.fail(`${where}.${name}`, `validated by ${cls.name} but not documented`);
    for (const name of documented) if (!byProp.has(name)) this.fail(`${where}.${name}`, `documented but ${cls.name} does not accept it (forbidNonWhitelisted rejects it)`);
    for (const [name, list] of byProp) {
      const prop = schema.properties?.[name];
      if (!prop) continue;
      this.compareProperty(cls, name, list, prop, (schema.required ?? []).includes(name), `${where}.${name}`);
    }
  }

  private compareProperty(cls: Function, name: string, metas: ValidationMetadata[], raw: Schema, required: boolean, where: string): void {
    const optional = metas.some((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    if (optional === required) this.fail(where, optional ? 'optional (@IsOptional/@ValidateIf) but documented as required' : 'required but documented as optional');
    const prop = this.resolve(raw) ?? raw;
    for (const m of metas) {
      const each = m.each === true;
      const target = each ? this.resolve(prop.items) : prop;
      const at = each ? `${where}[]` : where;
      const name = m.name ?? '';
      if (!target) {
        this.fail(at, `@${name}({ each: true }) but no documented items`);
        continue;
      }
      const c = m.constraints ?? [];
      if (JSON_TYPES[name] && target.type !== JSON_TYPES[name]) this.fail(at, `@${name} but documented type is ${target.type ?? 'none'}`);
      if (name === 'isIn' || name === 'isEnum') {
        const values = name === 'isIn' ? (c[0] as unknown[]) : enumValues(c[0] as Record<string, unknown>);
        if (!sameSet(values, target.enum)) this.fail(at, `enum ${JSON.stringify(values)} but documented ${JSON.stringify(target.enum ?? null)}`);
      }
      const bounds: Record<string, keyof Schema> = { maxLength: 'maxLength', minLength: 'minLength', min: 'minimum', max: 'maximum', arrayMaxSize: 'maxItems', arrayMinSize: 'minItems' };
      if (bounds[name] && target[bounds[name]] !== c[0]) this.fail(at, `@${name}(${String(c[0])}) but documented ${bounds[name]} is ${String(target[bounds[name]])}`);
      if (m.type === ValidationTypes.NESTED_VALIDATION) {
        const nested = nestedType(cls, m.propertyName);
        const ref = (each ? prop.items : raw) ?? {};
        const own = ref.$ref ?? ref.allOf?.[0]?.$ref;
        if (!nested) this.fail(at, '@ValidateNested without @Type(() => Dto)');
        else if (!own) this.fail(at, `nested ${nested.name} is not its own schema ($ref)`);
        else this.compareClass(nested, this.resolve(ref)!, at);
      }
    }
  }

  /** Body and query DTOs of one operation, read from the route's parameter decorators. */
  compareOperation(route: string, op: Operation, controller: Function, method: string): void {
    const handler = (controller.prototype as Record<string, Function>)[method];
    const isPublic = (Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, controller)) === true;
    if (isPublic === (op.security ?? []).length > 0) this.fail(route, isPublic ? '@Public() but documented as needing a token' : 'needs a token but documents no bearer auth (@ApiBearerAuth)');
    // Nest answers POST with 201 unless @HttpCode says otherwise; the document must name the status really sent.
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? 201 : 200);
    if (!op.responses[String(status)]) this.fail(route, `answers ${status} but documents ${Object.keys(op.responses).filter((s) => /^2/.test(s)).join(', ') || 'no success'}`);
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Function[];
    for (const [key, arg] of Object.entries(args)) {
      const kind = Number(key.split(':')[0]);
      const cls = types[arg.index];
      if (kind === RouteParamtypes.QUERY) {
        if (arg.data !== undefined) this.fail(`${route} query ${String(arg.data)}`, 'read by hand with @Query(name): use a validated query DTO');
        else if (isDto(cls)) {
          const params = (op.parameters ?? []).filter((p) => p.in === 'query');
          const schema: Schema = {
            properties: Object.fromEntries(params.map((p) => [p.name, p.schema ?? {}])),
            required: params.filter((p) => p.required).map((p) => p.name),
          };
          this.compareClass(cls, schema, `${route} query`);
        }
      }
      if (kind === RouteParamtypes.BODY && isDto(cls)) {
        const content = op.requestBody?.content ?? {};
        const [type, media] = Object.entries(content)[0] ?? [];
        const schema = this.resolve(media?.schema);
        if (!schema) this.fail(`${route} body`, `${cls.name} is validated but the request body is not documented`);
        else if (!media?.schema?.$ref && type === 'application/json') this.fail(`${route} body`, `${cls.name} is not documented as its own schema`);
        // A multipart body carries its file next to the validated fields.
        else this.compareClass(cls, schema, `${route} body`, (s) => type === 'multipart/form-data' && s.format === 'binary');
      }
      if (kind === RouteParamtypes.PARAM && typeof arg.data === 'string') {
        if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === arg.data)) this.fail(`${route} path ${arg.data}`, 'not documented');
      }
    }
  }

  checkResponses(route: string, op: Operation): void {
    if (!op.summary || !CHINESE.test(op.summary)) this.fail(route, `summary must be Chinese (@ApiOperation({ summary })), got ${JSON.stringify(op.summary ?? null)}`);
    const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (ok.length === 0) this.fail(route, 'no documented 2xx response');
    for (const [status, res] of ok) {
      const content = Object.entries(res.content ?? {});
      if (content.length === 0) this.fail(`${route} ${status}`, 'response has no documented content');
      for (const [type, media] of content) {
        const s = media.schema;
        if (!s) this.fail(`${route} ${status} ${type}`, 'no schema');
        else if (type === 'application/json' && !(s.$ref || s.items?.$ref)) this.fail(`${route} ${status}`, `JSON response is not a named schema (@ApiOkResponse({ type }))`);
      }
    }
    const errors = Object.entries(op.responses).filter(([status]) => status === 'default' || /^[45]\d\d$/.test(status));
    if (!op.responses.default) this.fail(route, 'no default error response');
    for (const [status, res] of errors) {
      const ref = res.content?.['application/json']?.schema?.$ref;
      // A health probe's 503 is its report (which dependency is down), not an error of the request.
      if (route === 'GET /api/health' && status === '503' && ref === '#/components/schemas/HealthResponse') continue;
      if (ref !== '#/components/schemas/ErrorResponse') this.fail(`${route} ${status}`, 'error response is not ErrorResponse');
    }
  }
}

function isDto(cls: Function | undefined): cls is Function {
  return typeof cls === 'function' && ![Object, String, Number, Boolean, Array].includes(cls as never);
}

function nestedType(cls: Function, property: string): Function | undefined {
  const t = defaultMetadataStorage.findTypeMetadata(cls, property);
  const fromTransformer = t?.typeFunction?.() as Function | undefined;
  const designed = Reflect.getMetadata('design:type', cls.prototype, property) as Function | undefined;
  return fromTransformer ?? (designed && designed !== Array && designed !== Object ? designed : undefined);
}

function enumValues(e: Record<string, unknown>): unknown[] {
  // Numeric TypeScript enums map values back to names; keep only the values.
  return Object.entries(e)
    .filter(([k]) => !/^\d+$/.test(k))
    .map(([, v]) => v);
}

function sameSet(a: unknown[], b: unknown[] | undefined): boolean {
  if (!b) return false;
  const key = (xs: unknown[]) => JSON.stringify([...xs].map(String).sort());
  return key(a) === key(b);
}

function operations(doc: OpenAPIObject): Array<{ route: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([p, item]) =>
    METHODS.flatMap((m) => {
      const op = (item as Record<string, Operation | undefined>)[m];
      return op ? [{ route: `${m.toUpperCase()} ${p}`, op }] : [];
    }),
  );
}

describe('OpenAPI document', () => {
  let doc: OpenAPIObject;
  let app: INestApplication;
  const controllers = findControllers();

  beforeAll(async () => {
    app = await documentApp(controllers);
    doc = buildOpenApiDocument(app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should describe every route of every controller', () => {
    expect(controllers.length).toBeGreaterThan(10);
    const routes = operations(doc).map((o) => o.route);
    expect(routes).toContain('POST /api/schedules');
    expect(routes).toContain('GET /media/{file}');
  });

  it('should document bodies, queries and path parameters exactly as they are validated', () => {
    const checker = new Checker(doc);
    const byName = new Map(controllers.map((c) => [c.name, c]));
    for (const { route, op } of operations(doc)) {
      const [controllerName, method] = (op.operationId ?? '').split('_');
      const controller = byName.get(controllerName);
      if (!controller || !method) {
        checker.problems.push(`${route}: operationId ${op.operationId} names no controller method`);
        continue;
      }
      checker.compareOperation(route, op, controller, method);
    }
    expect(checker.problems).toEqual([]);
  });

  it('should give every operation a Chinese summary, a named success schema and ErrorResponse errors', () => {
    const checker = new Checker(doc);
    for (const { route, op } of operations(doc)) checker.checkResponses(route, op);
    expect(checker.problems).toEqual([]);
  });

  it('should fail on a DTO whose documentation disagrees with its validation', () => {
    // The checker itself must be able to fail: an undocumented required field, a wrong bound and a stray property.
    const { IsString, MaxLength, IsOptional } = jest.requireActual<typeof import('class-validator')>('class-validator');
    class Probe {
      @IsString()
      @MaxLength(10)
      name!: string;

      @IsOptional()
      @IsString()
      note?: string;
    }
    const checker = new Checker(doc);
    checker.compareClass(Probe, { type: 'object', properties: { name: { type: 'string', maxLength: 20 }, note: { type: 'string' }, extra: { type: 'string' } }, required: ['note'] }, 'Probe');
    expect(checker.problems).toEqual([
      'Probe.extra: documented but Probe does not accept it (forbidNonWhitelisted rejects it)',
      'Probe.name: required but documented as optional',
      'Probe.name: @maxLength(10) but documented maxLength is 20',
      'Probe.note: optional (@IsOptional/@ValidateIf) but documented as required',
    ]);
  });
});
