/** Shapes of the demo county seed data; the server maps them onto its own entities on first start. */

export type RegionLevel = 'county' | 'town' | 'village';

export interface SeedRegion {
  /** 12-digit statistical division code (6 county + 3 town + 3 village digits). */
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export type SeedDeviceKind = 'speaker' | 'tv' | 'led';
export type SeedDeviceProfile = 'speaker' | 'hall-tv-1080p' | 'led-384x192' | 'led-strip-1024x64';

export interface SeedDevice {
  /** Stable id, also the device's MQTT username, e.g. 'spk-510811100201-01'. */
  id: string;
  name: string;
  kind: SeedDeviceKind;
  profile: SeedDeviceProfile;
  regionCode: string;
  tags: string[];
}

export type SeedUserRole = 'editor' | 'reviewer' | 'operator' | 'admin' | 'emergency';

/** No password here on purpose: the server generates one per user and prints it once. */
export interface SeedUser {
  username: string;
  displayName: string;
  roles: SeedUserRole[];
}

export interface SeedNotice {
  key: string;
  kind: 'notice';
  title: string;
  body: string;
  department: string;
  voice: string;
  sourceUrl?: string;
}

export interface SeedQa {
  q: string;
  a: string;
}

export interface SeedInterpretation {
  key: string;
  kind: 'interpretation';
  title: string;
  department: string;
  interpreter: string;
  sourceUrl?: string;
  qa: SeedQa[];
}

export interface SeedCounty {
  region: SeedRegion;
  towns: SeedRegion[];
  villages: SeedRegion[];
  devices: SeedDevice[];
  users: SeedUser[];
  notices: SeedNotice[];
  interpretations: SeedInterpretation[];
}
