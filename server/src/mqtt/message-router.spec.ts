import { MessageRouter } from './message-router';

const STATE = 'sunshine/v1/devices/+/state';
const EVENTS = 'sunshine/v1/devices/+/events';
const msg = (deviceId: string, kind: string): [string, Buffer] => [`sunshine/v1/devices/${deviceId}/${kind}`, Buffer.from(`${deviceId}-${kind}`)];

describe('MessageRouter', () => {
  it('should hand messages received before any handler to the handler registered for them, oldest first', () => {
    const router = new MessageRouter<string>(10);
    expect(router.route(...msg('a', 'events'))).toEqual([]);
    expect(router.route(...msg('a', 'state'))).toEqual([]);
    expect(router.route(...msg('b', 'events'))).toEqual([]);

    expect(router.add(STATE, 'state-handler').map((m) => m.payload.toString())).toEqual(['a-state']);
    expect(router.add(EVENTS, 'events-handler').map((m) => m.payload.toString())).toEqual(['a-events', 'b-events']);
    expect(router.heldCount).toBe(0);
  });

  it('should route to every matching handler once registered and hold nothing then', () => {
    const router = new MessageRouter<string>(10);
    router.add(EVENTS, 'one');
    router.add('sunshine/v1/#', 'all');
    expect(router.route(...msg('a', 'events'))).toEqual(['one', 'all']);
    expect(router.route(...msg('a', 'state'))).toEqual(['all']);
    expect(router.heldCount).toBe(0);
  });

  it('should not give a held message twice, nor to a handler of another filter', () => {
    const router = new MessageRouter<string>(10);
    router.route(...msg('a', 'events'));
    expect(router.add(STATE, 'state-handler')).toEqual([]);
    expect(router.add(EVENTS, 'events-handler')).toHaveLength(1);
    expect(router.add(EVENTS, 'second-events-handler')).toEqual([]);
  });

  it('should keep at most `keep` messages and count the ones dropped beyond', () => {
    const router = new MessageRouter<string>(2);
    for (const id of ['a', 'b', 'c', 'd']) router.route(...msg(id, 'events'));
    expect(router.heldCount).toBe(2);
    expect(router.dropped).toBe(2);
    expect(router.add(EVENTS, 'h').map((m) => m.payload.toString())).toEqual(['a-events', 'b-events']);
  });
});
