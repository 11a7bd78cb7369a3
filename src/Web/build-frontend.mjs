// Compiles the stylesheet and copies GOV.UK Frontend's script into wwwroot, so that nothing is ever
// loaded from a CDN. The build (Web.csproj) runs this before the static web assets are discovered:
// the SDK then fingerprints and precompresses what it writes, and MapStaticAssets serves it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = sass.compile("Styles/app.scss", { loadPaths: ["node_modules"], style: "compressed", quietDeps: true, silenceDeprecations: ["import"] });
mkdirSync("wwwroot/css", { recursive: true });
writeFileSync("wwwroot/css/app.css", out.css);

// Start lib/ afresh, so a file an older build left there is not served any more.
rmSync("wwwroot/lib", { recursive: true, force: true });
mkdirSync("wwwroot/lib/govuk", { recursive: true });
// The source map is not shipped, so its comment would only send developer tools to a 404.
const script = readFileSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", "utf8")
  .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n");
writeFileSync("wwwroot/lib/govuk/govuk-frontend.min.js", script);
console.log("front end built: wwwroot/css/app.css, wwwroot/lib/govuk");
