/**
 * The alert views the pages read. TEMPORARY local shapes until the OpenAPI document describes the alert
 * responses (issue #8 point 1); then these become aliases of the generated schema types.
 */
export type StateCounts = Record<'waiting' | 'received' | 'playing' | 'success' | 'failed' | 'cancelled', number>;

export interface AlertView {
  id: string;
  status: string;
  level: number;
  title: string;
  text: string;
  voice: string;
  repeat: number;
  regionCodes: string[];
  source: string;
  createdBy: string | null;
  cap: { sender: string; identifier: string; sent: string | null } | null;
  createdAt: string;
  expiresAt: string;
  publishedAt: string | null;
  endedAt: string | null;
  targetedDevices: number;
  counts: StateCounts;
}

export interface AlertDetail extends AlertView {
  deliveries: {
    total: number;
    byState: StateCounts;
    byRegion: Array<{ regionCode: string; name: string | null; total: number; byState: StateCounts }>;
    byTown: Array<{ townCode: string | null; name: string | null; total: number; byState: StateCounts }>;
    unanswered: Array<{ deviceId: string; regionCode: string }>;
    failed: Array<{ deviceId: string; regionCode: string; reason: string | null }>;
  };
}
