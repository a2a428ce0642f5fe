export * from './cap-types';
export { parseCap, CAP_MAX_BYTES } from './cap-parse';
export { matchCapAreas, type AreaTargets, type RegionRef } from './cap-areas';
export {
  mapCapToAlert,
  capLevel,
  chooseInfo,
  DEFAULT_PREFERRED_LANGUAGES,
  MAX_SPEECH_CHARS,
  type AlertLevel,
  type CapAction,
  type CapMapContext,
  type CapMapResult,
  type MappedCapAlert,
} from './cap-map';
