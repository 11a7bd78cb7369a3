// Progressive enhancement for the agents' queue: without JavaScript the page is reloaded by hand.
// Every few seconds the queue is fetched again and swapped in place, unless the agent is working in
// it (focus inside), so a keyboard or screen reader user never loses their place.
const queue = document.getElementById('queue');
if (queue) {
  const seconds = Number(queue.dataset.refreshSeconds) || 20;
  const refresh = async () => {
    if (document.visibilityState !== 'visible' || queue.contains(document.activeElement)) {
      return;
    }
    try {
      const response = await fetch(window.location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok || response.redirected) {
        return;
      }
      const next = new DOMParser().parseFromString(await response.text(), 'text/html').getElementById('queue');
      if (next) {
        const changed = next.dataset.dueSummary !== queue.dataset.dueSummary;
        queue.innerHTML = next.innerHTML;
        queue.dataset.dueSummary = next.dataset.dueSummary;
        if (changed) {
          document.getElementById('queue-status').textContent = next.dataset.dueSummary;
        }
      }
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  };
  setInterval(refresh, seconds * 1000);
}
