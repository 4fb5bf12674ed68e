// The dashboard's only server call. The key is asked for on a 401/403 and kept in localStorage.
const KEY_ITEM = 'shoal.apiKey';
const ENDPOINT = '/v1/dashboard';

/** The server wants an API key (none stored, or the stored one was refused). */
export class KeyRequired extends Error {}

export function storedKey() {
  return localStorage.getItem(KEY_ITEM);
}

export function storeKey(key) {
  localStorage.setItem(KEY_ITEM, key);
}

export function forgetKey() {
  localStorage.removeItem(KEY_ITEM);
}

/** GET /v1/dashboard, or throws KeyRequired / an Error with the server's message. */
export async function fetchOverview(signal) {
  const key = storedKey();
  const response = await fetch(ENDPOINT, { headers: key ? { authorization: `Bearer ${key}` } : {}, cache: 'no-store', signal });
  if (response.status === 401 || response.status === 403) throw new KeyRequired(`${response.status}`);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new Error(`${ENDPOINT} answered ${response.status}${body?.error?.message ? `: ${body.error.message}` : ''}`);
  }
  return response.json();
}
