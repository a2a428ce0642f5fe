export * from './recurrence';
export * from './presets';
export { RecurrenceError } from './rule-text';
export type { RecurrenceErrorCode } from './rule-text';
