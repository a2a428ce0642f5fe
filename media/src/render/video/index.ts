export * from './cjk-font';
export * from './paginate';
export * from './qr-code';
export * from './segment-ass';
export * from './text-layout';
export * from './video-args';
export * from './video-layout';
export * from './video-renderer';
