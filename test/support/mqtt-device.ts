/** Raw MQTT clients standing in for an agent: connect with a device's credentials, or learn how the broker refuses them. */
import mqtt, { MqttClient } from 'mqtt';

/** Connects as a device (client id = user name = device id); resolves with the client or rejects with the broker's refusal. */
export function connectDevice(mqttUrl: string, id: string, token: string): Promise<MqttClient> {
  return mqtt.connectAsync(mqttUrl, { clientId: id, username: id, password: token, reconnectPeriod: 0, connectTimeout: 5_000 });
}

/** 'accepted' when the broker lets these credentials in (the client is closed again), else the refusal's message. */
export async function brokerAnswer(mqttUrl: string, id: string, token: string): Promise<string> {
  try {
    const c = await connectDevice(mqttUrl, id, token);
    await c.endAsync(true);
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
}
