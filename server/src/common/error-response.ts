import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ErrorCode } from './app-error';

/** One field's validation problems, as `details` of a VALIDATION_FAILED error lists them. */
export class ValidationProblem {
  @ApiProperty({ description: '字段路径，如 targets.regionCodes', example: 'title' })
  field!: string;

  @ApiProperty({ type: [String], description: '问题（中文）', example: ['不能为空'] })
  problems!: string[];
}

/** The body of every error answer: the exception filter maps every error to this shape in one place. */
export class ErrorResponse {
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', description: '稳定的错误代码（供程序判断）' })
  code!: ErrorCode;

  @ApiProperty({ description: '中文错误说明（供操作人员阅读）', example: '请求参数不合法：title' })
  message!: string;

  @ApiPropertyOptional({
    description: '补充信息：参数校验失败时为各字段的问题列表，排期冲突等为相应对象',
    oneOf: [{ type: 'array', items: { $ref: getSchemaPath(ValidationProblem) } }, { type: 'object', additionalProperties: true }],
  })
  details?: unknown;
}

/**
 * An error answer documented as JSON explicitly: needed on routes whose success is a file, where
 * `@ApiProduces` would otherwise label the error answers with the file's media types too.
 */
export const jsonErrorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } } });
