import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Far beyond any real list; a larger page number would overflow the database's OFFSET. */
export const MAX_PAGE = 1_000_000;

/** `page`/`pageSize` query parameters; a list answers in the paged form when either is given. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1, description: '页码（从 1 开始）' })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: '每页条数（至多 200）' })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageWindow {
  page: number;
  pageSize: number;
  skip: number;
  take: number;
}

/** Whether the caller asked for the paged form (older clients get the bare array they always got). */
export const wantsPage = (q: PageQuery): boolean => q.page !== undefined || q.pageSize !== undefined;

export function pageWindow(q: PageQuery): PageWindow {
  const page = q.page ?? 1;
  const pageSize = Math.min(q.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, pageSize, skip: (page - 1) * pageSize, take: pageSize };
}

/** Escapes LIKE wildcards so user text matches literally; use with `ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** `%text%` for a LIKE … ESCAPE '\' containment search. */
export const containsPattern = (s: string): string => `%${escapeLike(s)}%`;

/**
 * `column LIKE :param ESCAPE '\'` ignoring letter case on both databases: SQLite's LIKE ignores (ASCII) case,
 * PostgreSQL's does not, so "SPK" found "spk-…" on SQLite only. The database lowers both sides itself.
 */
export const likeIgnoringCase = (column: string, param: string): string => `LOWER(${column}) LIKE LOWER(:${param}) ESCAPE '\\'`;

/**
 * Named "array or page" schemas (`DeviceList` = DeviceResponse[] | DevicePage). Swagger names only classes, so
 * these are collected here and added to the document's components by buildOpenApiDocument.
 */
const listSchemas = new Map<string, SchemaObject>();

export function arrayOrPageSchemas(): ReadonlyMap<string, SchemaObject> {
  return listSchemas;
}

/** `FooResponse` → `Foo`, the stem of the page and list schema names. */
const stemOf = (item: Type<unknown>): string => item.name.replace(/(Response|View|Entity)$/, '');

/** A page class with typed items, named `<Stem>Page`. One per item type, so decorating twice reuses it. */
const pageClasses = new Map<Type<unknown>, Type<unknown>>();
export function pageOf(item: Type<unknown>): Type<unknown> {
  const known = pageClasses.get(item);
  if (known) return known;
  class PageOf {
    items!: unknown[];
    total!: number;
    page!: number;
    pageSize!: number;
  }
  Object.defineProperty(PageOf, 'name', { value: `${stemOf(item)}Page` });
  ApiProperty({ type: [item], description: '本页条目' })(PageOf.prototype, 'items');
  ApiProperty({ type: 'integer', minimum: 0, description: '符合条件的总数' })(PageOf.prototype, 'total');
  ApiProperty({ type: 'integer', minimum: 1, description: '页码' })(PageOf.prototype, 'page');
  ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: '每页条数' })(PageOf.prototype, 'pageSize');
  pageClasses.set(item, PageOf);
  return PageOf;
}

/**
 * Documents a list that answers the bare array of `item` without `page`/`pageSize` (kept for existing clients)
 * and the paged form with them, as one named schema `<Stem>List`.
 */
export function ApiArrayOrPage(item: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  const page = pageOf(item);
  const name = `${stemOf(item)}List`;
  listSchemas.set(name, {
    description: '未给出 page/pageSize 时为数组，否则为分页结果',
    oneOf: [{ type: 'array', items: { $ref: getSchemaPath(item) } }, { $ref: getSchemaPath(page) }],
  });
  return applyDecorators(ApiExtraModels(item, page), ApiOkResponse({ description, schema: { $ref: getSchemaPath(name) } }));
}
