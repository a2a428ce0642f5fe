/**
 * `npm run soak -- --minutes 20 --seed 1 --agents 100 [--broker mosquitto]` — a fault-injection soak with ground truth (issue #12): a
 * built server it starts itself, real agent processes and simulated agents (speakers and screens) each behind its
 * own gates, a dense schedule (an airing per device every 60 s), and a seeded driver killing the server, restarting
 * the broker, killing agents mid-play and mid-download, partitioning agents and whole towns, corrupting media
 * bytes, skewing clocks, filling a disk, editing and withdrawing during airing and sending an alert during a
 * partition. Progress on stderr, one JSON report on stdout; exit code 1 when a play log was lost or duplicated,
 * unverified media was played, a slot is unaccounted for, the coverage report differs from the ground truth or a
 * device left the alert unanswered (support/soak-verdict.ts).
 */
import { parseArgs } from 'node:util';
import { runSoak } from './support/soak-run';
import { soakFailures } from './support/soak-verdict';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      agents: { type: 'string', default: '100' },
      broker: { type: 'string', default: 'embedded' },
    },
  });
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  const agents = Number(values.agents);
  if (!(minutes >= 2 && minutes <= 240)) throw new Error('--minutes must be between 2 and 240');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!Number.isSafeInteger(agents) || agents < 10 || agents > 1000) throw new Error('--agents must be an integer between 10 and 1000');
  const broker = values.broker;
  if (broker !== 'embedded' && broker !== 'mosquitto') throw new Error('--broker must be embedded or mosquitto');
  const report = await runSoak({ minutes, seed, agents, broker });
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  const failures = soakFailures(report);
  for (const f of failures) process.stderr.write(`[soak] FAIL: ${f}\n`);
  process.exit(failures.length > 0 ? 1 : 0);
}

main().catch((err: Error) => {
  process.stderr.write(`[soak] ${err.stack ?? err.message}\n`);
  process.exit(2);
});
