'use strict';
/**
 * The comparisons `npm run bench` runs. Each group has one baseline (A) and one or more variants
 * (B); all of a group's servers run at once, each in its own child process, and are measured
 * interleaved, round after round, so that the machine's drift hits them alike.
 */

const PROFILES = ['problem', 'hcp', 'vsp', 'apig', 'mpc', 'stratos'];

/** Headers a typical SDK sends. */
const TYPICAL_HEADERS = Object.freeze({
  accept: 'application/json',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent': 'vendor-sdk/2.4.1 (linux; node 20)',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  'x-correlation-id': '5d1c2b4e-8a0f-4f7e-9b1a-2c3d4e5f6a7b',
});

const SMALL_JSON_BODY = JSON.stringify({ name: 'ldev-1', capacity: 1024, pool: 'pool-7', tags: ['gold', 'eu-west'] });

const REQUESTS = Object.freeze({
  get: { method: 'GET', path: '/v1/items/ldev-1', headers: TYPICAL_HEADERS },
  post: {
    method: 'POST',
    path: '/v1/items',
    headers: { ...TYPICAL_HEADERS, 'content-type': 'application/json; charset=utf-8' },
    body: SMALL_JSON_BODY,
  },
  error: { method: 'GET', path: '/v1/tenants/t1', headers: TYPICAL_HEADERS },
  wrongType: {
    method: 'POST',
    path: '/v1/items',
    headers: { ...TYPICAL_HEADERS, 'content-type': 'text/plain' },
    body: 'name=ldev-1',
  },
  wrongMethod: { method: 'DELETE', path: '/v1/items/ldev-1', headers: TYPICAL_HEADERS },
  unmatched: { method: 'GET', path: '/wp-login.php', headers: TYPICAL_HEADERS },
});

const HAPPY_TARGET = { ratio: 0.95, text: '≥ 0.95' };
const ERROR_TARGET = { ratio: 1.0, text: '≥ 1.00' };
const PRECONDITION_TARGET = { ratio: 1.4, text: '≥ 1.40' };

/**
 * profiles that add nothing to a successful response (`vsp`, `hcp`, `stratos`,
 * `problem`) against the bare framework (≥ 0.95); `apig` and `mpc`, which send X-Request-Id on
 * every response, against the bare framework with that one header set by hand (≥ 0.97: the
 * floor no implementation can go below). One group per baseline, so that A and B stay close.
 */
const SILENT_PROFILES = ['vsp', 'hcp', 'stratos', 'problem'];
const ID_PROFILES = ['apig', 'mpc'];
const HEADER_TARGET = { ratio: 0.97, text: '≥ 0.97 of the hand-set header' };

function happyGroups() {
  const groups = [];
  const frameworks = [
    // [id, title, bare app, vc app, noop reference app, hand-set header app]
    ['express', 'Express 5', 'express-bare', 'express-vc', 'express-noop', 'express-header'],
    ['koa', 'Koa 3', 'koa-bare', 'koa-vc', 'koa-noop', 'koa-header'],
    ['node', 'node:http', 'node-bare', 'node-vc-preconditions', undefined, 'node-header'],
  ];
  for (const [verb, request, status] of [
    ['GET', REQUESTS.get, 200],
    ['POST', REQUESTS.post, 201],
  ]) {
    const v = verb.toLowerCase();
    for (const [id, title, bare, vc, noop, header] of frameworks) {
      const vcLabel = id === 'node' ? 'preconditions(), sendError' : 'vc';
      groups.push({
        id: `happy/${id}/${v}`,
        section: 'Happy path',
        title: `${title}, ${verb} ${request.path}`,
        request,
        baseline: { label: `bare ${title}`, scenario: { app: bare }, status },
        variants: [
          ...SILENT_PROFILES.map((profile) => ({
            label: `+ ${vcLabel} (${profile})`,
            scenario: { app: vc, profile },
            status,
            target: HAPPY_TARGET,
          })),
          ...(noop !== undefined && v === 'get' ? [{ label: '+ one empty middleware (reference)', scenario: { app: noop }, status }] : []),
        ],
      });
      groups.push({
        id: `happy/${id}/${v}-apig`,
        section: 'Happy path',
        title: `${title}, ${verb} ${request.path}, against the hand-set X-Request-Id`,
        request,
        baseline: { label: `${title} + X-Request-Id by hand`, scenario: { app: header }, status },
        variants: [
          ...ID_PROFILES.map((profile) => ({
            label: `+ ${vcLabel} (${profile})`,
            scenario: { app: vc, profile },
            status,
            target: HEADER_TARGET,
          })),
          ...(v === 'get' ? [{ label: `bare ${title}, no header (reference)`, scenario: { app: bare }, status }] : []),
        ],
      });
    }
  }
  return groups;
}

function errorGroups() {
  const minimal = { label: 'minimal JSON handler', scenario: { app: 'express-error-minimal' }, status: 404 };
  const title = 'Express 5, GET /v1/tenants/t1 throws createError(404, …)';
  // One pair per profile, so that A and B stay close in time within a round.
  return [
    ...PROFILES.map((profile) => ({
      id: `error/express/${profile}`,
      section: 'Error path',
      title: `${title}: ${profile}`,
      request: REQUESTS.error,
      baseline: minimal,
      variants: [{ label: `vc.errorHandler (${profile})`, scenario: { app: 'express-error-vc', profile }, target: ERROR_TARGET }],
    })),
    {
      // A scanner's storm of unmatched routes: no target, shown for the error storms.
      id: 'error/express/unmatched',
      section: 'Error path',
      title: 'Express 5, GET /wp-login.php matches no route',
      request: REQUESTS.unmatched,
      baseline: { label: 'hand-written JSON 404', scenario: { app: 'express-notfound-minimal' }, status: 404 },
      variants: [{ label: 'vc.notFound (apig)', scenario: { app: 'express-notfound-vc', profile: 'apig' }, status: 404 }],
    },
    {
      id: 'error/express/finalhandler',
      section: 'Error path',
      title: `${title}: Express's default handler`,
      request: REQUESTS.error,
      baseline: minimal,
      variants: [{ label: 'Express default (finalhandler)', scenario: { app: 'express-error-default' }, status: 404 }],
    },
  ];
}

function preconditionGroups() {
  // problem answers 415 and 405 as express-openapi-validator does; apig does the most work (a
  // request id on every response, Accept negotiation, a streaming body limit) and answers its own
  // substitutes where it documents no 415.
  const group = (id, title, request, status) => ({
    id: `preconditions/express/${id}`,
    section: 'Preconditions',
    title,
    request,
    baseline: { label: 'express-openapi-validator', scenario: { app: 'express-eov' }, status },
    variants: [
      ...['problem', 'apig'].map((profile) => ({
        label: `vc.preconditions + vc.route (${profile})`,
        scenario: { app: 'express-vc-preconditions', profile },
        status: profile === 'problem' ? status : undefined,
        target: PRECONDITION_TARGET,
      })),
      // The ceiling: the same app with no checks at all. No checker can beat EOV by more.
      ...(status < 300 ? [{ label: 'bare Express 5, no checks (ceiling)', scenario: { app: 'express-bare' }, status }] : []),
    ],
  });
  return [
    group('get', 'valid GET /v1/items/ldev-1', REQUESTS.get, 200),
    group('post', 'valid POST /v1/items (application/json)', REQUESTS.post, 201),
    group('415', 'POST /v1/items with text/plain (rejected)', REQUESTS.wrongType, 415),
    group('405', 'DELETE /v1/items/ldev-1 (rejected)', REQUESTS.wrongMethod, 405),
  ];
}

/** Every group, in the order they run. */
function allGroups() {
  return [
    ...require('./server-groups').serverGroups(),
    ...happyGroups(),
    ...errorGroups(),
    ...preconditionGroups(),
    ...require('./validation-groups').validationGroups(),
    ...require('./fastify-hono-groups').fastifyHonoGroups(),
  ];
}

module.exports = { allGroups, PROFILES, REQUESTS, TYPICAL_HEADERS };
