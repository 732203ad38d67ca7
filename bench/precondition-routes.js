'use strict';
/**
 * How the preconditions benchmark declares its routes to vendor-compat (the per-route API of
 * the preconditions issue), and the core precondition micro-benchmark tasks.
 *
 * Placeholder until the preconditions land: routes are mounted without per-route settings.
 */

/** Mounts GET /v1/items/:id and POST /v1/items with their per-route precondition settings. */
function expressRouteSettings(_vc) {
  return {
    perRoute: false,
    mount(app, handlers) {
      app.get('/v1/items/:id', handlers.getItem);
      app.post('/v1/items', handlers.postItem);
    },
  };
}

/** Micro-benchmark tasks for the core precondition checks (none until they exist). */
function preconditionTasks(_lib) {
  return [];
}

module.exports = { expressRouteSettings, preconditionTasks };
