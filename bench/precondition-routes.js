'use strict';
/**
 * The routes of the preconditions comparison, declared to vendor-compat with its per-route API
 * (`vc.route(overrides)`, mounted with `app.all` so that it sees every method), and the core
 * precondition micro-benchmark tasks.
 *
 * The same checks express-openapi-validator enforces from bench/apps.js's OpenAPI document:
 *   /v1/items       POST only, body application/json
 *   /v1/items/{id}  GET only (HEAD implied)
 */

/** Per-route settings, the counterpart of OPENAPI_SPEC in bench/apps.js. */
const ROUTE_SETTINGS = Object.freeze({
  items: Object.freeze({ methods: ['POST'], requestMediaTypes: ['application/json'] }),
  item: Object.freeze({ methods: ['GET'] }),
});

/**
 * Mounts GET /v1/items/:id and POST /v1/items behind their per-route preconditions. Each path is
 * one Express route (`app.route(path).all(guard).get(handler)`), so the path is matched once, as
 * for the plain `app.get` the express-openapi-validator app uses.
 */
function expressRouteSettings(vc) {
  return {
    mount(app, express, handlers) {
      app.route('/v1/items').all(vc.route(ROUTE_SETTINGS.items)).post(express.json(), handlers.postItem);
      app.route('/v1/items/:id').all(vc.route(ROUTE_SETTINGS.item)).get(handlers.getItem);
    },
  };
}

/** Typical requests as the checks see them (a Node IncomingMessage has the same shape). */
function typicalViews() {
  const { REQUESTS } = require('./comparisons');
  const host = { host: '127.0.0.1:3000', connection: 'keep-alive' };
  return {
    get: { method: 'GET', url: REQUESTS.get.path, headers: { ...host, ...REQUESTS.get.headers } },
    post: {
      method: 'POST',
      url: REQUESTS.post.path,
      headers: { ...host, ...REQUESTS.post.headers, 'content-length': String(Buffer.byteLength(REQUESTS.post.body)) },
    },
  };
}

const PRECONDITIONS_TARGET_NS = 1000;

/**
 * Micro-benchmark tasks: `evaluatePreconditions` for each profile, with the profile's settings
 * plus the route's methods, on a typical GET and a typical JSON POST (every check runs; none
 * fails).
 */
/** `lib`: the build's internals (bench/internals.js), for `compilePreconditions` and `evaluatePreconditions`. */
function preconditionTasks(lib) {
  const { PROFILES } = require('./comparisons');
  const views = typicalViews();
  const tasks = [];
  for (const name of PROFILES) {
    const settings = lib.profiles[name].document.preconditions;
    const get = lib.compilePreconditions(settings, { methods: ['GET'] });
    const post = lib.compilePreconditions(settings, { methods: ['POST'] });
    for (const [label, compiled, view] of [
      ['GET', get, views.get],
      ['POST json', post, views.post],
    ]) {
      const violation = lib.evaluatePreconditions(compiled, view);
      if (violation !== undefined) throw new Error(`${name} rejects the typical ${label}: ${JSON.stringify(violation)}`);
      tasks.push({
        name: `preconditions ${name}: ${label}`,
        targetNs: PRECONDITIONS_TARGET_NS,
        fn: () => lib.evaluatePreconditions(compiled, view),
      });
    }
  }
  return tasks;
}

module.exports = { expressRouteSettings, preconditionTasks, typicalViews, ROUTE_SETTINGS };
