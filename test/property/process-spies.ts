/**
 * Spies on the *real* process's `unhandledRejection` and `uncaughtException`. Jest gives each
 * test file a copy of `process` (jest-util `createProcessObject`), whose listeners never fire;
 * `vm.runInThisContext('process')` evaluates in the worker's own context and returns the real one.
 */
import vm from 'node:vm';

export interface ProcessSpies {
  /** Every event seen since install, as `[event, value]`. */
  readonly events: Array<readonly [string, unknown]>;
  readonly restore: () => void;
}

/**
 * Installs the spies; call `restore()` in `afterAll`.
 *
 * @example
 * const spies = installProcessSpies(); afterAll(() => { spies.restore(); expect(spies.events).toEqual([]); });
 */
export function installProcessSpies(): ProcessSpies {
  const realProcess = vm.runInThisContext('process') as NodeJS.Process;
  const events: Array<readonly [string, unknown]> = [];
  const onRejection = (reason: unknown): void => void events.push(['unhandledRejection', reason]);
  const onException = (error: unknown): void => void events.push(['uncaughtException', error]);
  realProcess.on('unhandledRejection', onRejection);
  realProcess.on('uncaughtException', onException);
  return {
    events,
    restore: () => {
      realProcess.off('unhandledRejection', onRejection);
      realProcess.off('uncaughtException', onException);
    },
  };
}
