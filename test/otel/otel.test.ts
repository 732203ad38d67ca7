/**
 * `vendor-compat/otel` over Express 5, Fastify 5 and Hono (on @hono/node-server), with the real
 * OpenTelemetry SDK: spans from `BasicTracerProvider` into an `InMemorySpanExporter`, the counter
 * through a `PeriodicExportingMetricReader` into an `InMemoryMetricExporter`. Each request runs in
 * a server span made active by an AsyncLocalStorage context manager (what an HTTP instrumentation
 * does). For a mapped 4xx, a mapped 5xx and an unmapped throw: the span's attributes, status
 * (HTTP server conventions: 5xx Error, 4xx unset) and events (an exception only for the unmapped
 * throw), and the counter's data points. APIG codes: seed-003 rows 409 (APIG.0201), 503
 * (APIG.0613), 500 (APIG.0601).
 */
import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { vendorCompat as expressVendorCompat } from '../../src/express';
import { vendorCompat as fastifyVendorCompat } from '../../src/fastify';
import { vendorCompat as honoVendorCompat } from '../../src/hono';
import { otelOnError, type OtelOnErrorOptions } from '../../src/otel';
import type { ErrorRule } from '../../src';
import { honoErrorSlot, honoPreconditions } from '../testing/apps';

class VolumeBusyError extends Error {}
class BackendDownError extends Error {}
class QuotaError extends Error {}
const RULES: ErrorRule[] = [
  { instanceOf: VolumeBusyError, kind: 'conflict' },
  { instanceOf: BackendDownError, kind: 'serviceUnavailable' },
  { instanceOf: QuotaError, kind: 'forbidden', vendorCode: 'ACME.0001' },
];
const THROWERS: Record<string, () => never> = {
  busy: () => {
    throw new VolumeBusyError('Volume vol1 is busy');
  },
  backend: () => {
    throw new BackendDownError('backend down');
  },
  crash: () => {
    throw new Error('boom');
  },
  quota: () => {
    throw new QuotaError('over quota');
  },
};

/** The context manager an HTTP instrumentation registers (AsyncLocalStorage), kept minimal. */
class AlsContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

const spans = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('test');
beforeAll(() => {
  context.setGlobalContextManager(new AlsContextManager());
});
afterAll(() => {
  context.disable();
});

/** Each request in its own active server span, ended when the connection closes. */
function traced(listener: http.RequestListener): http.RequestListener {
  return (req, res) => {
    const span = tracer.startSpan(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    res.on('close', () => span.end());
    context.with(trace.setSpan(context.active(), span), () => listener(req, res));
  };
}

type Start = (options: OtelOnErrorOptions) => Promise<{ base: string; close: () => Promise<void> }>;

async function listen(server: http.Server): Promise<{ base: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const TARGETS: Array<[string, Start]> = [
  [
    'express5',
    async (options) => {
      const vc = expressVendorCompat({ profile: 'apig', errors: RULES, onError: otelOnError(options) });
      const app = express();
      app.use(vc.preconditions);
      for (const [name, thrower] of Object.entries(THROWERS)) app.get(`/${name}`, thrower);
      app.use(vc.notFound);
      app.use(vc.errorHandler);
      return listen(http.createServer(traced(app)));
    },
  ],
  [
    'fastify5',
    async (options) => {
      const app = Fastify({ serverFactory: (handler) => http.createServer(traced(handler)) });
      await app.register(fastifyVendorCompat, { profile: 'apig', errors: RULES, onError: otelOnError(options) });
      for (const [name, thrower] of Object.entries(THROWERS)) app.get(`/${name}`, async () => thrower());
      await app.listen({ port: 0, host: '127.0.0.1' });
      return { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
    },
  ],
  [
    'hono',
    async (options) => {
      const vc = honoVendorCompat({ profile: 'apig', errors: RULES, onError: otelOnError(options) });
      const app = new Hono();
      app.use(honoPreconditions(vc));
      for (const [name, thrower] of Object.entries(THROWERS)) app.get(`/${name}`, () => thrower());
      app.onError(honoErrorSlot(vc));
      app.notFound(vc.notFound);
      return listen(http.createServer(traced(getRequestListener(app.fetch, { overrideGlobalObjects: false }))));
    },
  ],
];

async function spanFor(base: string, path: string): Promise<{ status: number; span: ReadableSpan }> {
  const response = await fetch(`${base}${path}`);
  await response.arrayBuffer();
  for (let i = 0; i < 100; i++) {
    const span = spans.getFinishedSpans().find((candidate) => candidate.name === `GET ${path}`);
    if (span !== undefined) return { status: response.status, span };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no span ended for ${path}`);
}

describe.each(TARGETS)('%s', (_name, start) => {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let server: { base: string; close: () => Promise<void> };
  beforeAll(async () => {
    spans.reset();
    server = await start({ meter: meterProvider.getMeter('vendor-compat-test') });
  });
  afterAll(async () => {
    await server.close();
    await meterProvider.shutdown();
  });

  it('a mapped 4xx: error.type is the vendor code, the status unset, no exception event', async () => {
    const { status, span } = await spanFor(server.base, '/busy');
    expect(status).toBe(409);
    expect(span.attributes).toEqual({ 'error.type': 'APIG.0201', 'vendor_compat.profile': 'apig', 'vendor_compat.kind': 'conflict', 'vendor_compat.code': 'APIG.0201', 'vendor_compat.mapped': true });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
  });

  it('a mapped 5xx: the status is Error, no exception event', async () => {
    const { status, span } = await spanFor(server.base, '/backend');
    expect(status).toBe(503);
    expect(span.attributes).toEqual({ 'error.type': 'APIG.0613', 'vendor_compat.profile': 'apig', 'vendor_compat.kind': 'serviceUnavailable', 'vendor_compat.code': 'APIG.0613', 'vendor_compat.mapped': true });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events).toEqual([]);
  });

  it('an unmapped throw: the status is Error and the exception is recorded', async () => {
    const { status, span } = await spanFor(server.base, '/crash');
    expect(status).toBe(500);
    expect(span.attributes).toEqual({ 'error.type': 'APIG.0601', 'vendor_compat.profile': 'apig', 'vendor_compat.kind': 'internalServerError', 'vendor_compat.code': 'APIG.0601', 'vendor_compat.mapped': false });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((event) => [event.name, event.attributes?.['exception.type'], event.attributes?.['exception.message']])).toEqual([['exception', 'Error', 'boom']]);
  });

  it('the counter vendor_compat.errors: profile, code (a custom code bucketed as other) and status class', async () => {
    await spanFor(server.base, '/quota');
    await reader.forceFlush();
    const last = metricExporter.getMetrics().at(-1);
    const metric = last?.scopeMetrics.flatMap((scope) => scope.metrics).find((candidate) => candidate.descriptor.name === 'vendor_compat.errors');
    const points = (metric?.dataPoints ?? []).map((point) => [point.attributes['vendor_compat.code'], point.attributes['vendor_compat.status_class'], point.attributes['vendor_compat.profile'], point.value]);
    expect(points.sort()).toEqual([
      ['APIG.0201', '4xx', 'apig', 1],
      ['APIG.0601', '5xx', 'apig', 1],
      ['APIG.0613', '5xx', 'apig', 1],
      ['other', '4xx', 'apig', 1],
    ]);
  });
});

describe('options', () => {
  it('errorStatusFor4xx sets Error on a 4xx; then calls the next hook with the event', async () => {
    const seen: string[] = [];
    const [, startExpress] = TARGETS[0] as [string, Start];
    spans.reset();
    const server = await startExpress({ meter: false, errorStatusFor4xx: true, then: (event) => seen.push(`${event.source} ${event.status} ${String(event.mapped)}`) });
    try {
      const { span } = await spanFor(server.base, '/busy');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(seen).toEqual(['route 409 true']);
    } finally {
      await server.close();
    }
  });
});
