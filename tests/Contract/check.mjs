// Independent checks of Allo's OpenAPI document, by tools nobody here wrote:
//   node check.mjs DOCUMENT.json [ANSWERS.json]
// 1. @apidevtools/swagger-parser validates the document against the OpenAPI 3.1 specification
//    (and resolves every $ref); any error fails.
// 2. With ANSWERS (a list of { method, path, status, contentType, body } the API really gave),
//    each body is validated with ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect) against the
//    schema the document gives for that operation, status and content type; a missing one fails too.
import { readFile } from "node:fs/promises";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [documentPath, answersPath] = process.argv.slice(2);
const document = JSON.parse(await readFile(documentPath, "utf8"));
let failures = 0;
const fail = (message) => { failures++; console.error(`FAIL ${message}`); };

try {
  await SwaggerParser.validate(structuredClone(document));
  console.log("document: valid OpenAPI " + document.openapi);
} catch (error) {
  fail(`document: ${error.message}`);
}

if (answersPath) {
  const answers = JSON.parse(await readFile(answersPath, "utf8"));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("int32", true);
  ajv.addFormat("int64", true);
  ajv.addSchema({ ...document, $id: "https://allo.invalid/openapi.json" });
  const pointer = (...parts) => parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
  for (const answer of answers) {
    const name = `${answer.method.toUpperCase()} ${answer.path} ${answer.status}`;
    const media = document.paths?.[answer.path]?.[answer.method]?.responses?.[String(answer.status)]?.content?.[answer.contentType];
    if (!media) {
      fail(`${name}: the document has no ${answer.contentType} answer for it`);
      continue;
    }
    if (!media.schema || answer.body === null) continue;
    const validate = ajv.getSchema(`https://allo.invalid/openapi.json#/${pointer("paths", answer.path, answer.method, "responses", answer.status, "content", answer.contentType, "schema")}`);
    if (!validate(answer.body)) {
      fail(`${name}: ${ajv.errorsText(validate.errors)}`);
    } else {
      console.log(`ok ${name}`);
    }
  }
}
console.log(failures === 0 ? "all checks passed" : `${failures} checks failed`);
process.exit(failures === 0 ? 0 : 1);
