/** Unit tests sit beside their files (*.spec.ts); integration and end-to-end tests live in test/ (*.e2e-spec.ts). */
const aliases = {
  '^@sunshine/playlists$': '<rootDir>/playlists/src/index.ts',
  '^@sunshine/playlists/device$': '<rootDir>/playlists/src/device.ts',
  '^@sunshine/media$': '<rootDir>/media/src/index.ts',
  '^@sunshine/devices$': '<rootDir>/devices/src/index.ts',
  '^@sunshine/seeds$': '<rootDir>/seeds/src/index.ts',
};
/**
 * @nestjs/schedule ships ES modules only; Node (20.19+) requires them natively, jest does not: its files (and only
 * them) are compiled to CommonJS like our own.
 */
const ESM_PACKAGES = ['@nestjs/schedule'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];
module.exports = {
  // End-to-end tests set their own longer timeouts with jest.setTimeout.
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/server', '<rootDir>/player-agent', '<rootDir>/bench', '<rootDir>/playlists', '<rootDir>/media', '<rootDir>/devices', '<rootDir>/seeds', '<rootDir>/console/src'],
      testMatch: ['**/*.spec.ts'],
      moduleNameMapper: aliases,
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleNameMapper: aliases,
      transform,
      transformIgnorePatterns,
    },
  ],
};
