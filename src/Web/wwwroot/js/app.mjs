// Progressive enhancement only: GOV.UK Frontend moves focus to the error summary, and so on.
// It is imported from the fingerprinted address the layout links it at, which the browser keeps for a
// year; a fixed '/lib/…' address here would be asked for again on every page.
const govuk = document.querySelector('link[data-govuk-frontend]');
if (govuk) {
  import(govuk.href).then(({ initAll }) => initAll());
}
