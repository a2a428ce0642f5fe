import { startServer } from '../../test/support/server-process';

/**
 * One built server for the whole browser run: the demo county (5 towns, 23 devices) with its simulated agents,
 * real SQLite, the embedded broker and offline TTS. Tests reach it through CONSOLE_URL.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer({ demoAgents: true, env: { EDGE_TTS: 'off' } });
  process.env.CONSOLE_URL = server.url;
  process.env.CONSOLE_MQTT_URL = server.mqttUrl;
  return async () => {
    await server.stop();
  };
}
