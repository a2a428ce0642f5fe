import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { AppError, ErrorCode } from './app-error';

/** Unknown and missing fields are errors; the message names the fields in Chinese for operators. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return AppError.badRequest(ErrorCode.ValidationFailed, `请求参数不合法：${fields.map((f) => f.field).join('、')}`, fields);
    },
  });
}

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.keys(e.constraints).map(describe) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

const PROBLEMS: Record<string, string> = {
  whitelistValidation: '不允许的字段',
  isNotEmpty: '不能为空',
  isString: '必须是字符串',
  isInt: '必须是整数',
  isNumber: '必须是数字',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  maxLength: '长度超出限制',
  minLength: '长度不足',
  isArray: '必须是数组',
  arrayMinSize: '至少需要一项',
  arrayMaxSize: '项数超出限制',
  isDateString: '必须是 ISO-8601 时间',
  isISO8601: '必须是 ISO-8601 时间',
  matches: '格式不正确',
  min: '数值过小',
  max: '数值过大',
  isUrl: '必须是合法网址',
  isBoolean: '必须是布尔值',
  isObject: '必须是对象',
  nestedValidation: '内容不合法',
};

function describe(constraint: string): string {
  return PROBLEMS[constraint] ?? constraint;
}

/**
 * Like @IsOptional(), but only an absent field is skipped: null is validated (and refused by the field's
 * type check). For fields where null means nothing, so a service never meets a null it does not expect.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
