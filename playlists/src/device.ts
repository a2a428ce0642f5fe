/**
 * What a device needs from the shared package: the contract types, envelopes and the "what plays now" evaluator,
 * without the playlist compiler. The agent imports this entry so a loudspeaker board never loads (and never pays
 * the memory for) server-side compilation code.
 */
export * from './model/topics';
export * from './model/playlist';
export * from './model/device-messages';
export * from './model/alerts';
export * from './envelope/canonical-json';
export * from './envelope/envelope';
export * from './compiler/local-time';
export * from './compiler/quiet-hours';
export * from './evaluator/evaluate';
export * from './validation/iso-instant';
export * from './validation/validate-playlist';
