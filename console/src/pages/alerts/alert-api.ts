import { api, unwrap } from '../../api/client';
import type { AlertDetail, AlertView } from './alert-types';

/** The console marks its alert actions so the audit trail can tell them from other API clients. */
const SOURCE = { 'x-sunshine-source': 'console' };

export const alertApi = {
  list: async (): Promise<AlertView[]> => (await unwrap(api.GET('/api/alerts'))) as unknown as AlertView[],
  get: async (id: string): Promise<AlertDetail> => (await unwrap(api.GET('/api/alerts/{id}', { params: { path: { id } } }))) as unknown as AlertDetail,
  send: async (body: { text: string; title?: string; regionCodes: string[]; level: 1 | 2 | 3 | 4; repeat?: number; voice?: string; expiresAt?: string }): Promise<AlertView> =>
    (await unwrap(api.POST('/api/alerts', { body, headers: SOURCE } as never))) as unknown as AlertView,
  cancel: async (id: string, reason?: string): Promise<AlertView> =>
    (await unwrap(api.POST('/api/alerts/{id}/cancel', { params: { path: { id } }, body: { reason }, headers: SOURCE } as never))) as unknown as AlertView,
  confirm: async (id: string): Promise<AlertView> =>
    (await unwrap(api.POST('/api/alerts/{id}/confirm', { params: { path: { id } }, headers: SOURCE } as never))) as unknown as AlertView,
};
