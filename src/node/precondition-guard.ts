/**
 * Binds the pure precondition checks to Node requests for one app (placeholder until the
 * preconditions issue lands: every request passes).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KindName } from '../core/kinds';
import { createVendorError } from '../core/errors';
import { sendRenderedError, type AppConfig } from './app-config';

/** App- or route-level overrides of the profile's precondition settings. */
export type PreconditionOverrides = Readonly<Record<string, unknown>>;

/** The first precondition a request violates. */
export interface Violation {
  readonly kind: KindName;
  readonly detail?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Checks and rejections for one app. */
export interface PreconditionGuard {
  readonly check: (req: IncomingMessage) => Violation | undefined;
  readonly reject: (req: IncomingMessage, res: ServerResponse, violation: Violation, url?: string) => void;
}

/**
 * Builds the guard for an app.
 *
 * @example
 * const guard = createPreconditionGuard(config, { maxBodyBytes: 1024 })
 */
export function createPreconditionGuard(config: AppConfig, _overrides?: PreconditionOverrides): PreconditionGuard {
  return {
    check: () => undefined,
    reject: (req, res, violation, url) => {
      sendRenderedError(req, res, createVendorError(violation.kind, violation.detail, { headers: violation.headers }), config, url);
    },
  };
}
