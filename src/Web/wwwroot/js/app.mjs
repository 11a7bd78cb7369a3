// Progressive enhancement only: GOV.UK Frontend moves focus to the error summary, and so on.
import { initAll } from '/lib/govuk/govuk-frontend.min.js';
initAll();
