import { topicMatches } from './topic-filter';

export interface HeldMessage {
  topic: string;
  payload: Buffer;
}

/**
 * Which handlers a message the server's client received goes to. A persistent session resumed at start-up hands
 * over the broker's queue right after the CONNACK, before start-up has registered the handlers: such messages are
 * held (up to `keep`) and given to the first handler registered for them, instead of being dropped. Pure.
 */
export class MessageRouter<H> {
  private readonly routes: Array<{ filter: string; handler: H }> = [];
  private held: HeldMessage[] = [];
  private droppedCount = 0;

  constructor(private readonly keep: number) {}

  /** The handlers for this message; none means it was held for a later route (or dropped once `keep` are held). */
  route(topic: string, payload: Buffer): H[] {
    const handlers = this.routes.filter((r) => topicMatches(r.filter, topic)).map((r) => r.handler);
    if (handlers.length > 0) return handlers;
    if (this.held.length < this.keep) this.held.push({ topic, payload });
    else this.droppedCount++;
    return [];
  }

  /** Registers a handler and returns the held messages it takes over, oldest first. */
  add(filter: string, handler: H): HeldMessage[] {
    this.routes.push({ filter, handler });
    const claimed = this.held.filter((m) => topicMatches(filter, m.topic));
    if (claimed.length > 0) this.held = this.held.filter((m) => !topicMatches(filter, m.topic));
    return claimed;
  }

  /** Messages held because no handler was registered for them yet. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Messages dropped because `keep` were already held; a count, so the operator can be told once. */
  get dropped(): number {
    return this.droppedCount;
  }
}
