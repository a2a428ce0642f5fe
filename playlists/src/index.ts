export * from './model/topics';
export * from './model/playlist';
export * from './model/device-messages';
