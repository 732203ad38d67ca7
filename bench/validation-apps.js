'use strict';
/**
 * Servers for the validation comparison: Express 5 with the same OpenAPI document,
 * checked by express-openapi-validator or by vendor-compat (`vendorCompat({ openapi })`,
 * `vc.preconditions`, `express.json()`, `vc.validate`). Same routes, same handlers.
 *
 *   GET  /v1/items/{id}   200 JSON
 *   POST /v1/items        201 JSON (a typical 10-field body, validated)
 */
const http = require('node:http');
const path = require('node:path');

const ITEM_SCHEMA = Object.freeze({
  type: 'object',
  required: ['name', 'poolId', 'capacity'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    poolId: { type: 'integer', minimum: 0, maximum: 127 },
    capacity: { type: 'integer', minimum: 1 },
    label: { type: 'string', maxLength: 32 },
    dataReductionMode: { type: 'string', enum: ['compression', 'compression_deduplication', 'disabled'] },
    isParallelExecutionEnabled: { type: 'boolean' },
    ldevId: { type: 'integer', minimum: 0, maximum: 65279 },
    tags: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 16 } },
    createdAt: { type: 'string', format: 'date-time' },
    owner: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
  },
});

/** A typical 10-field body, valid against ITEM_SCHEMA. */
const ITEM_BODY = Object.freeze({
  name: 'ldev-1',
  poolId: 7,
  capacity: 1024,
  label: 'gold',
  dataReductionMode: 'compression',
  isParallelExecutionEnabled: true,
  ldevId: 12,
  tags: ['gold', 'eu-west'],
  createdAt: '2026-01-01T00:00:00Z',
  owner: 'storage-ops',
});

const VALIDATION_SPEC = Object.freeze({
  openapi: '3.0.3',
  info: { title: 'bench validation', version: '1.0.0' },
  paths: {
    '/v1/items': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        responses: { 201: { description: 'created', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/v1/items/{id}': {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } }],
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
  components: { schemas: { Item: ITEM_SCHEMA } },
});

const copy = () => JSON.parse(JSON.stringify(VALIDATION_SPEC));

function routes(app) {
  app.get('/v1/items/:id', (req, res) => {
    res.json({ id: req.params.id, name: 'volume one', capacity: 1024 });
  });
  app.post('/v1/items', (req, res) => {
    res.status(201).json({ created: true, name: req.body.name });
  });
}

const validationApps = {
  /** The ceiling: the same routes with no checks at all (no checker can beat EOV by more). */
  'express-bare-json'() {
    const express = require('express');
    const app = express();
    app.set('etag', false);
    app.use(express.json());
    routes(app);
    return http.createServer(app);
  },
  'express-eov-validate'() {
    const express = require('express');
    const OpenApiValidator = require('express-openapi-validator');
    const app = express();
    app.set('etag', false);
    app.use(express.json());
    app.use(OpenApiValidator.middleware({ apiSpec: copy(), validateRequests: true, validateResponses: false }));
    routes(app);
    app.use((err, _req, res, _next) => {
      const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
      if (err.headers) res.set(err.headers);
      res.status(status).json({ error: status < 500 ? err.message : 'Internal Server Error' });
    });
    return http.createServer(app);
  },
  'express-vc-validate'({ profile, dist }) {
    const express = require('express');
    const vc = require(path.join(dist ? path.resolve(dist) : path.join(__dirname, '..', 'dist'), 'express.cjs')).vendorCompat({ profile, openapi: copy() });
    const app = express();
    app.set('etag', false);
    app.use(vc.preconditions);
    app.use(express.json());
    app.use(vc.validate);
    routes(app);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return vc.attach(http.createServer(app));
  },
};

// --- A large real document: OpenAI's (../shared/openapi/openai.yaml, read in place) ----------------

const OPENAI_DOCUMENT = path.join(__dirname, '..', '..', 'shared', 'openapi', 'openai.yaml');
/**
 * Whether OpenAI's document is beside the clone (it is a third party's, read in place and never
 * copied into the repository): without it the OpenAI groups are skipped, saying so.
 */
const OPENAI_AVAILABLE = require('node:fs').existsSync(OPENAI_DOCUMENT);
/** A valid `POST /v1/chat/completions` body of 429 bytes (the figure). */
const CHAT_BODY = Object.freeze({
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You are a storage assistant. Answer in one short sentence.' },
    { role: 'user', content: 'Which pool should the new 1 TiB volume go to, given pools 3 and 7?' },
  ],
  temperature: 0.2,
  top_p: 1,
  max_completion_tokens: 64,
  n: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  user: 'storage-ops',
  stream: false,
  store: false,
  seed: 42,
  metadata: { team: 'storage', ticket: 'OPS-1234' },
});

let openaiDocument;
/** The parsed document, once per process; each app gets its own copy. */
function openaiCopy() {
  openaiDocument ??= require('yaml').parse(require('node:fs').readFileSync(OPENAI_DOCUMENT, 'utf8'));
  return JSON.parse(JSON.stringify(openaiDocument));
}

/**
 * Listens only once the process is idle (under 10 ms of CPU in 500 ms, at most `BENCH_SETTLE_MS`,
 * default 60000): vendor-compat compiles a document's validators in the background after
 * construction, and a measurement should not share the CPU with it.
 */
function settled(server) {
  const listen = server.listen.bind(server);
  server.listen = (...args) => {
    const deadline = Date.now() + Number(process.env.BENCH_SETTLE_MS ?? 60000);
    let last = process.cpuUsage();
    const poll = () => {
      const used = process.cpuUsage(last);
      last = process.cpuUsage();
      if ((used.user + used.system) / 1000 < 10 || Date.now() > deadline) listen(...args);
      else setTimeout(poll, 500);
    };
    setTimeout(poll, 500);
    return server;
  };
  return server;
}

function chatRoute(app) {
  app.post('/v1/chat/completions', (req, res) => {
    res.status(200).json({ id: 'chatcmpl-1', object: 'chat.completion', model: req.body.model });
  });
}

Object.assign(validationApps, {
  /** No checks: `express.json()` and the route (the floor the issue measures against). */
  'express-openai-bare'() {
    const express = require('express');
    const app = express();
    app.set('etag', false);
    app.use(express.json());
    chatRoute(app);
    return settled(http.createServer(app));
  },
  'express-openai-eov'() {
    const express = require('express');
    const OpenApiValidator = require('express-openapi-validator');
    const app = express();
    app.set('etag', false);
    app.use(express.json());
    app.use(OpenApiValidator.middleware({ apiSpec: openaiCopy(), validateRequests: true, validateResponses: false }));
    chatRoute(app);
    app.use((err, _req, res, _next) => {
      const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
      res.status(status).json({ error: status < 500 ? err.message : 'Internal Server Error' });
    });
    return settled(http.createServer(app));
  },
  'express-openai-vc'({ profile, dist }) {
    const express = require('express');
    const vc = require(path.join(dist ? path.resolve(dist) : path.join(__dirname, '..', 'dist'), 'express.cjs')).vendorCompat({ profile, openapi: openaiCopy() });
    const app = express();
    app.set('etag', false);
    app.use(vc.preconditions);
    app.use(express.json());
    app.use(vc.validate);
    chatRoute(app);
    app.use(vc.notFound);
    app.use(vc.errorHandler);
    return settled(vc.attach(http.createServer(app)));
  },
});

module.exports = { validationApps, VALIDATION_SPEC, ITEM_SCHEMA, ITEM_BODY, CHAT_BODY, OPENAI_DOCUMENT, OPENAI_AVAILABLE };
