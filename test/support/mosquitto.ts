/**
 * Mosquitto for jest suites: the launcher is bench/support/mosquitto-process.ts (shared with the soak, which runs
 * outside jest); here only what needs jest — a describe per broker variant. Tests that need Mosquitto skip, saying
 * why, on a machine without it (`apt-get install mosquitto`; .ci/run installs it).
 */
import { mosquittoInstall, startMosquitto, type RunningMosquitto } from '../../bench/support/mosquitto-process';

export { mosquittoInstall, startMosquitto, type MosquittoInstall, type RunningMosquitto } from '../../bench/support/mosquitto-process';

/**
 * The brokers a broker-agnostic suite runs against: the embedded aedes always, Mosquitto with dynamic security
 * when installed; without it that variant is a skipped describe whose title says why.
 */
export type BrokerVariant = { name: 'aedes'; start: () => Promise<null> } | { name: 'mosquitto'; start: () => Promise<RunningMosquitto> };

export function brokerVariants(): Array<{ title: string; variant: BrokerVariant | null }> {
  const install = mosquittoInstall();
  return [
    { title: 'embedded aedes broker', variant: { name: 'aedes', start: async () => null } },
    'missing' in install
      ? { title: `Mosquitto 2 + dynamic security (skipped: ${install.missing})`, variant: null }
      : { title: 'Mosquitto 2 + dynamic security', variant: { name: 'mosquitto', start: () => startMosquitto(install) } },
  ];
}

/**
 * `E2E_BROKERS=mosquitto` (comma-separated variant names) keeps only those variants: CI's PostgreSQL run pairs
 * PostgreSQL with Mosquitto, the distributed stack, instead of running every broker a second time.
 */
const onlyBrokers = process.env.E2E_BROKERS ? new Set(process.env.E2E_BROKERS.split(',').map((b) => b.trim())) : null;

/** describe.each over the brokers; a missing one is a visible skip, not a silent pass. */
export function describeEachBroker(title: string, body: (variant: BrokerVariant) => void): void {
  for (const b of brokerVariants()) {
    if (b.variant && onlyBrokers && !onlyBrokers.has(b.variant.name)) describe.skip(`${title} [${b.title}] (not in E2E_BROKERS)`, () => it('not selected', () => undefined));
    else if (b.variant) describe(`${title} [${b.title}]`, () => body(b.variant!));
    else describe.skip(`${title} [${b.title}]`, () => it('needs Mosquitto', () => undefined));
  }
}
