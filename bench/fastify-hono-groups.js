'use strict';
/**
 * Happy-path and error-path groups for Fastify 5 and Hono 4: vendor-compat
 * against the bare framework (`vsp`, `problem`: ≥ 0.95) and against the bare framework with the
 * one header APIG sends on every response set by hand (`apig`: ≥ 0.97); the error path against a
 * hand-written JSON error handler.
 */
const { REQUESTS } = require('./comparisons');

const HAPPY_TARGET = { ratio: 0.95, text: '≥ 0.95' };
const HEADER_TARGET = { ratio: 0.97, text: '≥ 0.97 of the hand-set header' };
const ERROR_TARGET = { ratio: 1.0, text: '≥ 1.00' };

const FRAMEWORKS = [
  ['fastify', 'Fastify 5'],
  ['hono', 'Hono 4 (@hono/node-server)'],
];

function fastifyHonoGroups() {
  const groups = [];
  for (const [name, title] of FRAMEWORKS) {
    for (const [verb, request, status] of [
      ['GET', REQUESTS.get, 200],
      ['POST', REQUESTS.post, 201],
    ]) {
      groups.push({
        id: `happy/${name}/${verb.toLowerCase()}`,
        section: 'Happy path',
        title: `${title}, ${verb} ${request.path}`,
        request,
        baseline: { label: `bare ${title}`, scenario: { app: `${name}-bare` }, status },
        variants: ['vsp', 'problem'].map((profile) => ({ label: `+ vc (${profile})`, scenario: { app: `${name}-vc`, profile }, status, target: HAPPY_TARGET })),
      });
      groups.push({
        id: `happy/${name}/${verb.toLowerCase()}-apig`,
        section: 'Happy path',
        title: `${title}, ${verb} ${request.path}, against the hand-set X-Request-Id`,
        request,
        baseline: { label: `${title} + X-Request-Id by hand`, scenario: { app: `${name}-header` }, status },
        variants: [{ label: '+ vc (apig)', scenario: { app: `${name}-vc`, profile: 'apig' }, status, target: HEADER_TARGET }],
      });
    }
    groups.push({
      id: `error/${name}`,
      section: 'Error path',
      title: `${title}, GET /v1/tenants/t1 throws createError(404, …)`,
      request: REQUESTS.error,
      baseline: { label: 'minimal JSON handler', scenario: { app: name === 'fastify' ? 'fastify-error-minimal' : 'hono-bare' }, status: 404 },
      variants: ['vsp', 'apig'].map((profile) => ({ label: `vc (${profile})`, scenario: { app: `${name}-vc`, profile }, target: ERROR_TARGET })),
    });
  }
  return groups;
}

module.exports = { fastifyHonoGroups };
