/**
 * The subset of an OASIS CAP 1.2 alert that the emergency-broadcast path needs. Values are validated strings as
 * they appeared in the document (after XML decoding and trimming); times keep their original offset so that
 * `sender,identifier,sent` triples in later <references> compare equal.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = [
  'Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/** One entry of <references>: the earlier message a Cancel or Update points at. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export interface CapGeocode {
  valueName: string;
  value: string;
}

export interface CapArea {
  areaDesc: string;
  geocodes: CapGeocode[];
  /** Raw <polygon> texts ("lat,lon lat,lon …"); kept for operators, not used for targeting. */
  polygons: string[];
  /** Raw <circle> texts ("lat,lon radiusKm"). */
  circles: string[];
}

export interface CapInfo {
  /** RFC 3066 tag; CAP's default "en-US" when the element is absent. */
  language: string;
  categories: CapCategory[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  effective: string | null;
  expires: string | null;
  senderName: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  scope: CapScope;
  references: CapReference[];
  /** CAP allows none (typical for Ack/Error and some Cancels). */
  infos: CapInfo[];
}

export type CapParseErrorCode =
  | 'CAP_MALFORMED'
  | 'CAP_MISSING_ELEMENT'
  | 'CAP_INVALID_VALUE'
  | 'CAP_FORBIDDEN_DTD'
  | 'CAP_TOO_LARGE';

export interface CapParseError {
  ok: false;
  code: CapParseErrorCode;
  /** Local name of the offending element, when one is to blame. */
  element?: string;
  /** Operator-facing, Simplified Chinese. */
  message: string;
}

export type CapParseResult = { ok: true; alert: CapAlert } | CapParseError;
