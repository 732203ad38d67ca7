/**
 * README example "errorFromResponse with http-proxy-middleware" (the region below is the README's
 * code block, with `vendor-compat` imports): a VSP facade proxying to a backend that answers
 * RFC 9457; successes stream through, errors are re-answered in VSP's format.
 */
import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { errorFromResponse, profiles } from '../../../src';
import { vendorCompat } from '../../../src/express';

/** Builds the facade for a backend at `BACKEND`. */
export function buildProxyFacade(BACKEND: string): express.Express {
  // #region readme
  const app = express();
  const vc = vendorCompat({ profile: 'vsp' }); // the facade answers like Hitachi VSP

  app.use(vc.preconditions);
  app.use(
    '/ConfigurationManager',
    createProxyMiddleware({
      target: `${BACKEND}/ConfigurationManager`, // the backend speaks RFC 9457
      selfHandleResponse: true, // every answer is written here
      on: {
        proxyRes: (proxyRes, req, res) => {
          if ((proxyRes.statusCode ?? 502) < 400) {
            res.writeHead(proxyRes.statusCode ?? 200, proxyRes.headers); // successes stream through
            proxyRes.pipe(res);
            return;
          }
          // The backend's error (its body read with a 64 KiB cap), answered as VSP answers it.
          void errorFromResponse(profiles.problem, proxyRes, { method: req.method }).then((error) => vc.sendError(req, res, error));
        },
        error: (error, req, res) => {
          if (res instanceof Error || !('setHeader' in res)) return;
          vc.sendError(req, res, error); // the backend is down: the profile's 500 (or badGateway with upstreamErrors rules)
        },
      },
    }),
  );
  app.use(vc.notFound);
  // #endregion
  return app;
}
