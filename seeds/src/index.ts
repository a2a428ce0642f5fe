export * from './types';
export { DEMO_COUNTY, validateDemoCounty } from './demo-county';
