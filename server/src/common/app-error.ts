/**
 * One exception type for every domain error: a stable code (for tools), an HTTP status and a Chinese message
 * for operators. The exception filter maps it to `{ code, message, details? }` in one place.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  RegionNotFound = 'REGION_NOT_FOUND',
  DeviceNotFound = 'DEVICE_NOT_FOUND',
  DeviceExists = 'DEVICE_EXISTS',
  DeviceCsvInvalid = 'DEVICE_CSV_INVALID',
  RegionCsvInvalid = 'REGION_CSV_INVALID',
  RegionExists = 'REGION_EXISTS',
  RegionInvalid = 'REGION_INVALID',
  RegionHasDevices = 'REGION_HAS_DEVICES',
  ContentNotFound = 'CONTENT_NOT_FOUND',
  RevisionNotFound = 'REVISION_NOT_FOUND',
  InvalidTransition = 'INVALID_STATE_TRANSITION',
  SelfApproval = 'SELF_APPROVAL_FORBIDDEN',
  NotApproved = 'CONTENT_NOT_APPROVED',
  UnknownProfile = 'UNKNOWN_PROFILE',
  UnknownVoice = 'UNKNOWN_VOICE',
  NoTargets = 'NO_TARGETS',
  InvalidRecurrence = 'INVALID_RECURRENCE',
  ScheduleNotFound = 'SCHEDULE_NOT_FOUND',
  MediaNotFound = 'MEDIA_NOT_FOUND',
  RecordingNotFound = 'RECORDING_NOT_FOUND',
  RecordingNotAudio = 'RECORDING_NOT_AUDIO',
  RecordingTooLong = 'RECORDING_TOO_LONG',
  RecordingTooLarge = 'RECORDING_TOO_LARGE',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  AlertNotFound = 'ALERT_NOT_FOUND',
  AlertMediaFailed = 'ALERT_MEDIA_FAILED',
  CapMalformed = 'CAP_MALFORMED',
  CapMissingElement = 'CAP_MISSING_ELEMENT',
  CapInvalidValue = 'CAP_INVALID_VALUE',
  CapForbiddenDtd = 'CAP_FORBIDDEN_DTD',
  CapTooLarge = 'CAP_TOO_LARGE',
  CapNoTarget = 'CAP_NO_TARGET',
  CapNoText = 'CAP_NO_TEXT',
  CapExpired = 'CAP_EXPIRED',
  PasswordChangeRequired = 'PASSWORD_CHANGE_REQUIRED',
  LoginLocked = 'LOGIN_LOCKED',
  WeakPassword = 'WEAK_PASSWORD',
  WrongPassword = 'WRONG_PASSWORD',
  UserNotFound = 'USER_NOT_FOUND',
  UserExists = 'USER_EXISTS',
  SetupAlreadyDone = 'SETUP_ALREADY_DONE',
  OutOfScope = 'OUT_OF_SCOPE',
  RateLimited = 'RATE_LIMITED',
  AgentPackageMissing = 'AGENT_PACKAGE_MISSING',
  ReportPeriodInvalid = 'REPORT_PERIOD_INVALID',
  BrokerUnavailable = 'BROKER_UNAVAILABLE',
  ReportSourceUnavailable = 'REPORT_SOURCE_UNAVAILABLE',
  ReportFileNotFound = 'REPORT_FILE_NOT_FOUND',
  ShuttingDown = 'SHUTTING_DOWN',
  Internal = 'INTERNAL_ERROR',
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(code: ErrorCode, message: string): AppError {
    return new AppError(code, 404, message);
  }
  static forbidden(message: string, code: ErrorCode = ErrorCode.Forbidden): AppError {
    return new AppError(code, 403, message);
  }
  static conflict(code: ErrorCode, message: string, details?: unknown): AppError {
    return new AppError(code, 409, message, details);
  }
  static badRequest(code: ErrorCode, message: string, details?: unknown): AppError {
    return new AppError(code, 400, message, details);
  }
}
