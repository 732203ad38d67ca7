/**
 * Server-level hooks (placeholder until the preconditions issue lands).
 *
 * @module
 */
import type { Server } from 'node:http';
import type { AppConfig } from './app-config';
import type { PreconditionGuard } from './precondition-guard';

/**
 * Installs the hooks on a server and returns it.
 *
 * @example
 * attachToServer(http.createServer(app), config, guard)
 */
export function attachToServer(server: Server, _config: AppConfig, _guard: PreconditionGuard): Server {
  return server;
}
