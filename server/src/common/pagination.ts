import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** `page`/`pageSize` query parameters; a list answers in the paged form when either is given. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: '页码（从 1 开始）' })
  @IsOptional()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: '每页条数（至多 200）' })
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
 * Documents a list that answers the bare array without `page`/`pageSize` (kept for existing clients) and the
 * paged form with them.
 */
export function ApiArrayOrPage(page: Type<unknown>, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(page),
    ApiOkResponse({
      description,
      schema: { oneOf: [{ type: 'array', items: { type: 'object' } }, { $ref: getSchemaPath(page) }] },
    }),
  );
}
