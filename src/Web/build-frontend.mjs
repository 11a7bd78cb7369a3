// Compiles the stylesheet and copies GOV.UK Frontend's script and assets into wwwroot,
// so that nothing is ever loaded from a CDN.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = sass.compile("Styles/app.scss", { loadPaths: ["node_modules"], style: "compressed", quietDeps: true, silenceDeprecations: ["import"] });
mkdirSync("wwwroot/css", { recursive: true });
writeFileSync("wwwroot/css/app.css", out.css);

const govuk = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("wwwroot/lib/govuk", { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, "wwwroot/lib/govuk/govuk-frontend.min.js");
console.log("front end built: wwwroot/css/app.css, wwwroot/lib/govuk");
