/**
 * How the Huawei Cloud Node SDK reads an error response (shared/vendors/huawei-apig-mpc-and-
 * stratos.md §4; `core/exception/ExceptionUtil.ts` `generalException` in
 * huaweicloud-sdk-nodejs-v3 3.1.209): errorCode and errorMsg from the top level of the body (or a
 * nested `error.code`/`error.message`), requestId only from the x-request-id header, the exception
 * class from the status range.
 */
import type { RenderedError } from '../../src';

/** What the SDK's exception would hold for this response. */
export interface HuaweiSdkView {
  readonly className: 'ClientRequestException' | 'ServerResponseException' | 'ServiceResponseException';
  readonly httpStatusCode: number;
  readonly errorCode: unknown;
  readonly errorMsg: unknown;
  readonly requestId: string | undefined;
}

/**
 * Reads a rendered error the way the SDK does.
 *
 * @example
 * readLikeHuaweiSdk(render(notFound(), profiles.apig, view)).errorCode // 'APIG.0101'
 */
export function readLikeHuaweiSdk(rendered: RenderedError): HuaweiSdkView {
  const data = JSON.parse(rendered.body) as { error?: { code?: unknown; message?: unknown }; error_code?: unknown; error_msg?: unknown };
  const headers = Object.fromEntries(Object.entries(rendered.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const status = rendered.status;
  return {
    className: status >= 400 && status < 500 ? 'ClientRequestException' : status >= 500 && status < 600 ? 'ServerResponseException' : 'ServiceResponseException',
    httpStatusCode: status,
    errorCode: data.error?.code ?? data.error_code,
    errorMsg: data.error?.message ?? data.error_msg ?? `Request failed with status code ${status}`,
    requestId: headers['x-request-id'],
  };
}
