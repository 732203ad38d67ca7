/**
 * Jest setup (jest.config.cjs `setupFilesAfterEnv`): after each test file, wait until the OpenAPI
 * apps it built have finished their background compile and warm-up (src/core/routes/app-routes.ts),
 * so that no warm-up loads a module (ajv, ajv-formats) after Jest tore the file's environment down,
 * which Jest reports as an error and a failed run. Under fake timers the warm-up's timers never
 * fire, so there is nothing to wait for.
 */
import { backgroundWarmUps } from '../../src/core/routes/app-routes';

const MAX_WAIT_MS = 60_000;

afterAll(async () => {
  if ('clock' in setTimeout) return; // @sinonjs/fake-timers installed: the warm-up cannot run
  const deadline = Date.now() + MAX_WAIT_MS;
  while (backgroundWarmUps() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}, MAX_WAIT_MS + 5_000);
