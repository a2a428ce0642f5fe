/**
 * Requests during shutdown: Nest closes every module (the MQTT bus, the database…) before it stops listening, so a
 * request arriving meanwhile must be refused cleanly (503, stable code, Chinese message) instead of failing half-way
 * as a 500, and a handler already running that fails because things are closing must not be reported as a bug.
 * A real Nest HTTP app with the real exception filter; an imported module's slow destroy hook holds the shutdown open.
 */
import { Controller, Get, Injectable, Module, OnModuleDestroy, Post } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from './app-error';
import { AllExceptionsFilter } from './http-exception.filter';
import { ShutdownGuard, ShutdownState } from './shutdown';

function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

const handlerEntered = gate();
const handlerRelease = gate();
const destroyEntered = gate();
const destroyRelease = gate();
const done: string[] = [];
let closingWhenBusCloses: boolean | null = null;

@Controller('things')
class ThingsController {
  @Post()
  create(): { ok: boolean } {
    done.push('created');
    return { ok: true };
  }

  @Get()
  list(): string[] {
    return done;
  }

  /** Runs until released, then fails as a handler does when the bus it publishes on has closed under it. */
  @Post('slow')
  async slow(): Promise<never> {
    handlerEntered.open();
    await handlerRelease.wait;
    throw new Error('client disconnecting');
  }
}

let state: ShutdownState | null = null;

/** Stands for the MQTT bus: closing takes a while. */
@Injectable()
class SlowBus implements OnModuleDestroy {
  async onModuleDestroy(): Promise<void> {
    closingWhenBusCloses = state?.closing ?? null;
    destroyEntered.open();
    await destroyRelease.wait;
  }
}

@Module({ providers: [SlowBus] })
class BusModule {}

describe('requests while the server shuts down', () => {
  let app: INestApplication;
  let port: number;

  function call(method: string, path: string): Promise<{ status: number; body: { code?: string; message?: string } }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, agent: false, headers: { connection: 'close' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as { code?: string }) : {} }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  beforeAll(async () => {
    // As in AppModule: ShutdownState and its guard in the root module, the closing work in an imported one.
    const moduleRef = await Test.createTestingModule({
      imports: [BusModule],
      controllers: [ThingsController],
      providers: [ShutdownState, { provide: APP_GUARD, useClass: ShutdownGuard }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const shutdown = app.get(ShutdownState);
    state = shutdown;
    app.useGlobalFilters(new AllExceptionsFilter(shutdown));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as AddressInfo).port;
  });

  // A failed expectation must not leave the shutdown hanging on its gates.
  afterAll(async () => {
    for (const g of [handlerRelease, destroyRelease]) g.open();
    await app?.close().catch(() => undefined);
  });

  it('should refuse a mutating request with 503 SHUTTING_DOWN once shutdown began, serve reads, and answer a handler failing meanwhile with 503 too', async () => {
    expect((await call('POST', '/things')).status).toBe(201);
    const slow = call('POST', '/things/slow');
    await handlerEntered.wait;

    const closed = app.close();
    await destroyEntered.wait;
    // The root module's hooks ran before the imported module started closing.
    expect(closingWhenBusCloses).toBe(true);

    const refused = await call('POST', '/things');
    expect(refused).toEqual({ status: 503, body: { code: ErrorCode.ShuttingDown, message: expect.stringContaining('本次操作未执行') } });
    expect(await call('GET', '/things')).toEqual({ status: 200, body: ['created'] });

    handlerRelease.open();
    expect(await slow).toEqual({ status: 503, body: { code: ErrorCode.ShuttingDown, message: expect.stringContaining('可能未完成') } });

    destroyRelease.open();
    await closed;
  });
});
