export * from './profiles/device-profiles';
export * from './regions/division-code';
export * from './acl/device-acl';
