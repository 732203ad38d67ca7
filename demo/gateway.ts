/**
 * The demo gateway behind `npm start`: an Express 5 app that mounts vendor-compat and prints
 * ready-to-paste curl commands showing the chosen vendor's responses.
 *
 *   npm start                                  # profile vsp on 127.0.0.1:3000
 *   PROFILE=apig PORT=8080 npm start           # or: npm start -- --profile apig --port 8080
 *   npm start -- --help                        # usage; an unknown option is refused (exit 2)
 *
 * Routes: GET /demo/ok succeeds; GET /demo/errors/<kind> throws that canonical kind; GET
 * /demo/crash throws a plain Error full of secrets (the profile's masked 500); GET /demo/volumes/:id
 * throws a domain error mapped by rule; /demo/upstream and /demo/slow-upstream proxy to a dead and a
 * stalled loopback upstream (the vendor's 502 and 504); every error prints one JSON log line with its
 * request id (onError); /demo/items takes
 * GET and POST (JSON, at most 1 KiB; per-route preconditions); anything else is the profile's 404.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';
import express from 'express';
import { KIND_NAMES, createVendorError, profiles, type ProfileName } from '../src/index';
import { isKindName } from '../src/core/kinds';
import { vendorCompat } from '../src/express';
import { demoErrorRules, logErrorLine, mountUpstreamDemo, upstreamCurlLines } from './upstreams';
import { demoOpenapi, mountOpenapiDemo, openapiCurlLines } from './openapi-api';

const DEFAULT_PROFILE: ProfileName = 'vsp';
const HOST = '127.0.0.1';

const USAGE = `usage: node dist-demo/gateway.js [--profile <${Object.keys(profiles).join('|')}>] [--port <0-65535>] [--faults] [--help]
       (npm start -- <options>; PROFILE and PORT in the environment work too)`;

const OPTIONS = { profile: { type: 'string' }, port: { type: 'string' }, faults: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

/** A mistake on the command line: the message, the usage line, exit code 2. */
class UsageError extends Error {}

/**
 * `--profile`, `--port`, `--faults` (fault injection: a request carrying
 * `X-Vendor-Compat-Fault: <kind>` gets that kind's answer), `--help` (`-h`); anything else
 * (`--porf 8081`, a stray word) is refused.
 */
function parseSettings(argv: readonly string[]): { port: number; profile: ProfileName; faults: boolean } | 'help' {
  let values: { profile?: string; port?: string; faults?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message); // ERR_PARSE_ARGS_UNKNOWN_OPTION and friends
  }
  if (values.help === true) return 'help';
  const profile = values.profile ?? process.env.PROFILE ?? DEFAULT_PROFILE;
  if (!Object.prototype.hasOwnProperty.call(profiles, profile)) {
    throw new UsageError(`unknown profile ${JSON.stringify(profile)}; choose one of ${Object.keys(profiles).join(', ')}`);
  }
  const portText = values.port ?? process.env.PORT ?? '3000';
  const port = Number(portText);
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port ${JSON.stringify(portText)}`);
  return { port, profile: profile as ProfileName, faults: values.faults === true };
}

/** Stops the demo's loopback upstreams (set when the app is built). */
let stopUpstreams: () => void = () => undefined;

function buildApp(profile: ProfileName, faults: boolean): { app: express.Express; vc: ReturnType<typeof vendorCompat> } {
  const app = express();
  // No vendor sends X-Powered-By: turn Express's default off for successes too (errors never carry it).
  app.disable('x-powered-by');
  // Error rules (gateway failures, then the domain's own), one JSON log line per error with its request id.
  // The OpenAPI document under /demo/api/v1 becomes the route table (demo/openapi-api.ts).
  const vc = vendorCompat({ profile, errors: demoErrorRules, onError: logErrorLine, requestId: { header: 'x-request-id' }, openapi: demoOpenapi, ...(faults ? { faults: {} } : {}) });
  app.use(vc.preconditions); // request id, then the profile's preconditions
  app.get('/demo/ok', (_req, res) => {
    res.json({ ok: true, profile });
  });
  app.get('/demo/errors/:kind', (req) => {
    const kind = req.params.kind;
    if (!isKindName(kind)) throw createVendorError('notFound', `No such kind: ${kind}`);
    throw createVendorError(kind);
  });
  stopUpstreams = mountUpstreamDemo(app, vc);
  mountOpenapiDemo(app, vc, express);
  app.get('/demo/crash', () => {
    throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (password=hunter2) at /srv/gateway/db.js:42');
  });
  // Per-route preconditions: other methods get the profile's 405 (+ Allow) or its substitute,
  // and bodies above 1 KiB its 413 or substitute.
  app.all('/demo/items', vc.route({ methods: ['GET', 'POST'] }));
  app.get('/demo/items', (_req, res) => {
    res.json({ items: [] });
  });
  app.post('/demo/items', vc.route({ maxBodyBytes: 1024 }), express.json(), (req, res) => {
    res.status(201).json({ created: req.body as unknown });
  });
  app.use(vc.notFound);
  app.use(vc.errorHandler);
  return { app, vc };
}

function printUsage(base: string, profile: ProfileName): void {
  const lines = [
    `vendor-compat demo gateway: profile "${profile}" (${profiles[profile].title})`,
    `listening on ${base}   (Ctrl-C stops it; other profiles: ${Object.keys(profiles).join(', ')})`,
    '',
    'Try these:',
    `  curl -i ${base}/demo/ok`,
    `  curl -i ${base}/demo/errors/notFound`,
    `  curl -i ${base}/demo/errors/forbidden`,
    `  curl -i ${base}/demo/errors/unauthorized`,
    `  curl -i ${base}/demo/errors/serviceUnavailable`,
    `  curl -i ${base}/demo/crash                      # a 500 that reveals nothing`,
    ...upstreamCurlLines(base),
    ...openapiCurlLines(base),
    `  curl -i ${base}/no/such/route                   # unmatched route`,
    `  curl -I ${base}/demo/errors/notFound            # HEAD: no body`,
    `  curl -i -X POST ${base}/demo/items -H 'Content-Type: application/json' -d '{"name":"vol1"}'`,
    `  curl -i -X POST ${base}/demo/items -H 'Content-Type: text/plain' -d 'hello'`,
    `  curl -i ${base}/demo/ok -H 'Accept: image/png'`,
    `  curl -i -X POST ${base}/demo/items -H 'Content-Type: application/json' -H 'Expect: 100-continue' -d '{}'`,
    `  curl -i -X POST ${base}/demo/items -H 'Content-Type: text/plain' -H 'Expect: 100-continue' -d 'x'   # rejected before upload`,
    `  curl -i -X DELETE ${base}/demo/items                # method not allowed (Allow: GET, HEAD, POST)`,
    `  curl -i -X POST ${base}/demo/items -H 'Content-Type: application/json' -d "{\\"pad\\":\\"$(head -c 2000 /dev/zero | tr '\\0' x)\\"}"   # body too large`,
    '',
    `Every kind: ${KIND_NAMES.map((kind) => `/demo/errors/${kind}`).join(' ')}`,
    '',
    'Check it against the profile (every request the profile predicts an answer for; exit 1 on any difference):',
    `  npx vendor-compat probe ${base} --profile ${profile} --path /demo/items`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function main(): void {
  const settings = parseSettings(process.argv.slice(2));
  if (settings === 'help') {
    process.stdout.write(`vendor-compat demo gateway: answers like the chosen vendor's REST API on ${HOST}.\n${USAGE}\n`);
    return;
  }
  const { port, profile, faults } = settings;
  const { app, vc } = buildApp(profile, faults);
  const server = vc.attach(http.createServer(app));
  server.on('error', (error) => {
    process.stderr.write(`demo gateway: ${error.message}\n`);
    process.exit(1);
  });
  server.listen(port, HOST, () => {
    const address = server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    printUsage(`http://${HOST}:${actualPort}`, profile);
  });
  const stop = (signal: string): void => {
    process.stdout.write(`\n${signal}: stopping the demo gateway\n`);
    stopUpstreams();
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

try {
  main();
} catch (error) {
  process.stderr.write(`demo gateway: ${(error as Error).message}\n`);
  if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
