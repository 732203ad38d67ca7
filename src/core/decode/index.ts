/**
 * Reading vendor answers back: `decodeError` (an answer in a profile's format → its meaning and
 * whether it conforms) and `errorFromResponse` (an upstream's answer → an error the facade renders
 * in its own profile).
 *
 * @example
 * import { decodeError, errorFromResponse } from 'vendor-compat'
 *
 * @module
 */
export { decodeError, sameMediaType, type DecodedError, type ErrorAnswer, type KindMatch } from './decode-error';
export {
  errorFromResponse,
  upstreamError,
  type AnswerRecord,
  type ErrorFromResponseOptions,
  type StreamedMessage,
  type StreamedResponse,
  type UpstreamAnswerInfo,
  type UpstreamError,
} from './error-from-response';
export { DEFAULT_MAX_ERROR_BODY_BYTES } from './read-response';
