/** The username the server's own MQTT client authenticates with. */
export const SERVER_MQTT_USERNAME = 'sunshine-server';
