// Polls GET /v1/dashboard every few seconds and renders it; asks for an API key when one is needed.
import { fetchOverview, forgetKey, KeyRequired, storedKey, storeKey } from './api.js';
import { renderAll, renderTraffic } from './render.js';

const REFRESH_MS = 3000;
/** A request longer than this is abandoned (the server's sections give up after 3 s). */
const REQUEST_TIMEOUT_MS = 8000;

let last = null;
let timer = null;

function banner(text) {
  const el = document.getElementById('banner');
  el.hidden = text === null;
  el.textContent = text ?? '';
}

function askForKey(refused) {
  const dialog = document.getElementById('key-dialog');
  if (dialog.open) return;
  if (refused) forgetKey();
  banner(refused ? 'The stored API key was refused: enter another.' : 'This coordinator needs an API key.');
  dialog.showModal();
  document.getElementById('key-input').focus();
}

async function refresh() {
  clearTimeout(timer);
  // A hidden tab does not poll; it refreshes as soon as it is shown again (visibilitychange).
  if (document.hidden) return;
  try {
    last = await fetchOverview(AbortSignal.timeout(REQUEST_TIMEOUT_MS));
    renderAll(last);
    banner(last.errors.length === 0 ? null : `Some sections could not be read: ${last.errors.map((e) => `${e.section} (${e.message})`).join('; ')}`);
  } catch (error) {
    if (error instanceof KeyRequired) return askForKey(storedKey() !== null);
    banner(`Could not refresh${last ? ` (showing data from ${new Date(last.generatedAt).toLocaleTimeString('en-GB')})` : ''}: ${error.message}`);
  }
  document.getElementById('forget-key').hidden = storedKey() === null;
  timer = setTimeout(refresh, REFRESH_MS);
}

document.getElementById('key-form').addEventListener('submit', () => {
  const key = document.getElementById('key-input').value.trim();
  if (key === '') return;
  storeKey(key);
  banner(null);
  void refresh();
});

document.getElementById('forget-key').addEventListener('click', () => {
  forgetKey();
  void refresh();
});

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
});

// The chart is drawn at the container's pixel width: redraw on resize.
let resizeFrame = 0;
window.addEventListener('resize', () => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => last && renderTraffic(last));
});

void refresh();
