/**
 * README example "errorFromResponse with fetch" (the region below is the README's code block,
 * with `vendor-compat` imports): an APIG facade in front of a backend that answers RFC 9457.
 */
import express from 'express';
import { errorFromResponse, profiles } from '../../../src';
import { vendorCompat } from '../../../src/express';

/** Builds the facade for a backend at `BACKEND`. */
export function buildFetchFacade(BACKEND: string): express.Express {
  // #region readme
  const app = express();
  const vc = vendorCompat({ profile: 'apig' }); // the facade answers like Huawei APIG

  app.get('/v1/volumes/:id', async (req, res) => {
    const upstream = await fetch(`${BACKEND}/volumes/${req.params.id}`); // the backend speaks RFC 9457
    if (!upstream.ok) throw await errorFromResponse(profiles.problem, upstream, { method: req.method });
    res.json(await upstream.json());
  });
  app.use(vc.notFound);
  app.use(vc.errorHandler); // renders the backend's error as APIG's: 409 stays 409, 503 keeps Retry-After
  // #endregion
  return app;
}
