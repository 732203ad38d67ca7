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

module.exports = { validationApps, VALIDATION_SPEC, ITEM_SCHEMA, ITEM_BODY };
