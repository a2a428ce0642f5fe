import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { jsonErrorResponse } from '../../common/error-response';
import { REPORT_CONTENT_TYPES } from './report-export.service';

/** OpenAPI of a report download: a CSV/XLSX/PDF file on success, JSON errors otherwise. */
export function ApiReportFile(): MethodDecorator {
  return applyDecorators(
    ApiProduces(...new Set(Object.values(REPORT_CONTENT_TYPES))),
    ApiOkResponse({ description: '报表文件（中文文件名，RFC 5987）', schema: { type: 'string', format: 'binary' } }),
    ApiResponse({ status: 400, ...jsonErrorResponse('周期、格式或参数无效（REPORT_PERIOD_INVALID、VALIDATION_FAILED）') }),
    ApiResponse({ status: 403, ...jsonErrorResponse('区划超出本账号的管辖范围（OUT_OF_SCOPE）') }),
    ApiResponse({ status: 404, ...jsonErrorResponse('区划或内容不存在') }),
  );
}
