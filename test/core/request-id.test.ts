/**
 * Request ids: the APIG form (32 lowercase hex, one per request, `X-Request-Id` = `request_id`),
 * generated from a per-process random prefix and a counter (issue 5: cheap ids).
 */
import { nextRequestId } from '../../src/core/request-id';

describe('nextRequestId()', () => {
  it('returns 32 lowercase hex characters', () => {
    expect(nextRequestId()).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps the random prefix and counts up in the last 16 hex digits', () => {
    const first = nextRequestId();
    const second = nextRequestId();
    expect(second.slice(0, 16)).toBe(first.slice(0, 16));
    expect(BigInt(`0x${second.slice(16)}`) - BigInt(`0x${first.slice(16)}`)).toBe(1n);
  });

  it('never repeats within a process', () => {
    const ids = new Set(Array.from({ length: 10000 }, () => nextRequestId()));
    expect(ids.size).toBe(10000);
  });

  it('differs across module instances (processes) in its random prefix', () => {
    let other = '';
    jest.isolateModules(() => {
      other = (jest.requireActual('../../src/core/request-id') as { nextRequestId: typeof nextRequestId }).nextRequestId();
    });
    expect(other).toMatch(/^[0-9a-f]{16}0{15}1$/);
    expect(other.slice(0, 16)).not.toBe(nextRequestId().slice(0, 16));
  });
});
