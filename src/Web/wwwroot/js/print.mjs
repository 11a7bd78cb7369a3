// The recovery codes page's "Print" button: shown only when scripts run, since it needs window.print.
// Without scripts the browser's own print command does the same.
const button = document.querySelector('[data-print]');
if (button) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
