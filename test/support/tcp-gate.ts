import { SoakGate } from '../../bench/support/soak-gate';

/**
 * A loopback TCP relay that can be cut: `close()` drops every relayed connection and stops listening, so new
 * connections are refused as if the network were gone; `open()` listens again on the same port. Stands between an
 * agent and the server's broker or HTTP port to take a device offline without touching the server. The soak's gate
 * to a fixed port (its corruption and throttling stay off).
 */
export type TcpGate = SoakGate;
export const TcpGate = {
  start: (targetPort: number): Promise<TcpGate> => SoakGate.start(() => targetPort),
};
