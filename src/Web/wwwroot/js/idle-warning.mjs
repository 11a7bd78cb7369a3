// The GOV.UK timeout warning for staff: a modal dialog about two minutes before an idle session ends,
// focus on its heading, the time left in words in a polite live region that changes at most every
// 20 seconds, "Stay signed in" (a POST that renews the session) and "Sign out". Escape counts as
// staying. The server ends the session whether or not this runs (Infrastructure/IdleSignOut.cs).
const dialog = document.getElementById('idle-warning');
if (dialog && typeof dialog.showModal === 'function') {
  const idle = Number(dialog.dataset.idleSeconds) * 1000;
  const warn = Number(dialog.dataset.warnSeconds) * 1000;
  const countdown = dialog.querySelector('[data-countdown]');
  const title = dialog.querySelector('#idle-warning-title');
  const stay = dialog.querySelector('form[data-stay]');
  const { sentence, minutes, minute, seconds } = dialog.dataset;
  let deadline = Date.now() + idle;
  let timer;

  // Whole minutes while more than one is left, then 40 and 20 seconds: few changes for screen readers.
  const words = (left) => {
    const s = Math.ceil(left / 1000);
    if (s > 60) {
      return minutes.replace('{0}', String(Math.ceil(s / 60)));
    }
    return s > 40 ? minute : seconds.replace('{0}', String(Math.ceil(s / 20) * 20));
  };

  const tick = () => {
    const left = deadline - Date.now();
    if (left <= 0) {
      // The session has ended on the server too: the page's own address now leads to sign-in, with the reason.
      window.location.assign(window.location.href);
      return;
    }
    if (left <= warn) {
      const text = sentence.replace('{0}', words(left));
      if (countdown.textContent !== text) {
        countdown.textContent = text;
      }
      if (!dialog.open) {
        dialog.showModal();
        title.focus();
      }
      timer = setTimeout(tick, 1000);
    } else {
      timer = setTimeout(tick, left - warn);
    }
  };

  const staySignedIn = async () => {
    try {
      const response = await fetch(stay.action, { method: 'POST', body: new FormData(stay), credentials: 'same-origin' });
      if (response.status !== 204 || response.redirected) {
        window.location.assign(window.location.href);
        return;
      }
    } catch {
      // Offline: nothing was renewed, so the dialog stays and the countdown goes on.
      return;
    }
    deadline = Date.now() + idle;
    dialog.close();
    clearTimeout(timer);
    tick();
  };

  stay.addEventListener('submit', (event) => {
    event.preventDefault();
    staySignedIn();
  });
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    staySignedIn();
  });
  tick();
}
