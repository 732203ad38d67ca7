/**
 * Nest's `ValidationPipe` answering in the profile's words: its `exceptionFactory` keeps
 * class-validator's errors on a `BadRequestException` (Nest's own 400 without the module), and
 * the module's filter renders them with the profile's validation answer (src/nest/filter.ts).
 *
 * @module
 */
import { BadRequestException, ValidationPipe, type ArgumentMetadata, type ValidationPipeOptions } from '@nestjs/common';
import { readProperty } from '../core/safe-read';
import { DEFAULT_MAX_FIELD } from '../core/validation/request';
import type { RequestLocation } from '../core/validation/failure';
import { failuresOf, locationOf, type ClassValidatorError } from './validation';

/**
 * Where a validation failure keeps class-validator's errors until the filter renders them.
 *
 * @example
 * (readProperty(exception, HELD) as HeldErrors | undefined)?.errors
 */
export const HELD: unique symbol = Symbol.for('vendor-compat/nest-validation-errors') as never;

/**
 * class-validator's errors and where they were found (the pipe's argument type).
 *
 * @example
 * const held: HeldErrors = { errors, location: 'query' }
 */
export interface HeldErrors {
  readonly errors: readonly ClassValidatorError[];
  location: RequestLocation;
}

/**
 * An `exceptionFactory` for Nest's `ValidationPipe`: a `BadRequestException` (Nest's own answer
 * without the module) that the module's filter answers with the profile's validation answer,
 * naming the failing field (body failures; use {@link vendorCompatValidationPipe} for query and
 * path parameters to be named as such).
 *
 * @example
 * app.useGlobalPipes(new ValidationPipe({ whitelist: true, exceptionFactory: vendorCompatExceptionFactory }))
 */
export function vendorCompatExceptionFactory(errors: ClassValidatorError[]): BadRequestException {
  const messages = failuresOf(errors, 'body', DEFAULT_MAX_FIELD).map((failure) => `${failure.field} ${failure.reason}`);
  const exception = new BadRequestException(messages);
  Object.defineProperty(exception, HELD, { value: { errors, location: 'body' } satisfies HeldErrors, enumerable: false });
  return exception;
}

/** Nest's `ValidationPipe`, answering in the profile's words (query and path failures named as such). */
class VendorCompatValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const held = readProperty(error, HELD) as HeldErrors | undefined;
      if (held !== undefined) held.location = locationOf(metadata.type);
      throw error;
    }
  }
}

/**
 * Nest's `ValidationPipe` (any of its options) whose failures get the profile's validation
 * answer: APIG.2011 naming the parameter, VSP's KART40038-E for a property the whitelist forbids,
 * RFC 9457 `errors` with JSON Pointers.
 *
 * @example
 * app.useGlobalPipes(vendorCompatValidationPipe({ whitelist: true, forbidNonWhitelisted: true }))
 */
export function vendorCompatValidationPipe(options: Omit<ValidationPipeOptions, 'exceptionFactory'> = {}): ValidationPipe {
  return new VendorCompatValidationPipe({ ...options, exceptionFactory: vendorCompatExceptionFactory as ValidationPipeOptions['exceptionFactory'] });
}
