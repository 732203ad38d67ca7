// Validates OpenAPI documents with @seriousme/openapi-schema-validator (ESM-only, so it runs here,
// in a child process, rather than inside Jest's CommonJS runtime). Reads a JSON array of
// documents on stdin; prints a JSON array of { valid, errors } on stdout.
import { Validator } from '@seriousme/openapi-schema-validator';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const documents = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const document of documents) {
  const validator = new Validator();
  const result = await validator.validate(document);
  results.push({ valid: result.valid, errors: result.valid ? undefined : JSON.stringify(result.errors).slice(0, 2000) });
}
process.stdout.write(JSON.stringify(results));
