'use strict';
/**
 * The validation comparison groups: Express 5 with one OpenAPI document, checked by
 * express-openapi-validator (A) or vendor-compat (B, profiles problem and vsp): a valid POST with
 * a typical 10-field body, and the same body with one field of the wrong type (rejected 400).
 */
const { TYPICAL_HEADERS } = require('./comparisons');
const { ITEM_BODY, CHAT_BODY, OPENAI_AVAILABLE, OPENAI_DOCUMENT } = require('./validation-apps');

const post = (body) => ({
  method: 'POST',
  path: '/v1/items',
  headers: { ...TYPICAL_HEADERS, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const VALID_TARGET = { ratio: 1.2, text: '≥ 1.20' };
const INVALID_TARGET = { ratio: 1.5, text: '≥ 1.50' };

function validationGroups() {
  const group = (id, title, request, status, target) => ({
    id: `validation/express/${id}`,
    section: 'Validation (OpenAPI document)',
    title,
    request,
    baseline: { label: 'express-openapi-validator', scenario: { app: 'express-eov-validate' }, status },
    variants: ['problem', 'vsp'].map((profile) => ({
      label: `vc openapi + vc.validate (${profile})`,
      scenario: { app: 'express-vc-validate', profile },
      status,
      target,
    })),
  });
  // OpenAI's document (../shared/openapi/openai.yaml): bare Express (no checks) is the baseline;
  // EOV answers 500 on this document (it fails on the document at its first request), so its row
  // is load, not validation.
  const chat = (body) => ({ method: 'POST', path: '/v1/chat/completions', headers: { ...TYPICAL_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const openai = (id, title, request, status) => ({
    id: `validation/express/openai-${id}`,
    section: 'Validation (OpenAI\'s document, 281 routes)',
    title,
    request,
    baseline: { label: 'bare Express 5 (express.json, no checks)', scenario: { app: 'express-openai-bare' }, status: 200 },
    variants: [
      { label: 'vc openapi + vc.validate (problem)', scenario: { app: 'express-openai-vc', profile: 'problem' }, status, target: { ratio: 0.95, text: '≥ 0.95 of bare' } },
      { label: 'express-openapi-validator (answers 500)', scenario: { app: 'express-openai-eov' }, status: 500 },
    ],
  });
  if (!OPENAI_AVAILABLE) console.log(`bench: skipping the OpenAI document groups: ${OPENAI_DOCUMENT} is absent (a third party's document, read in place, never copied here)`);
  return [
    ...(OPENAI_AVAILABLE
      ? [
          openai('valid', 'valid POST /v1/chat/completions, 429-byte JSON body', chat(CHAT_BODY), 200),
          openai('invalid', 'POST /v1/chat/completions, temperature of the wrong type (rejected 400)', chat({ ...CHAT_BODY, temperature: 'low' }), 400),
        ]
      : []),
    group('valid', 'valid POST /v1/items, 10-field JSON body', post(ITEM_BODY), 201, VALID_TARGET),
    group('invalid-body', 'POST /v1/items, poolId of the wrong type (rejected 400)', post({ ...ITEM_BODY, poolId: 'seven' }), 400, INVALID_TARGET),
  ];
}

module.exports = { validationGroups };
