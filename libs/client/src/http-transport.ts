import { ApiErrorCode } from '@shoal/contracts';
import { abortableSleep } from './abortable-sleep';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type CallOptions, type RetryOptions, type ShoalClientOptions } from './client.options';
import { isRetryable, parseRetryAfter, resolveRetryOptions, retryDelayMs } from './retry-policy';
import { ClientErrorCode, ShoalApiError, ShoalConnectionError } from './shoal.error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One call of the public API, as the client methods describe it. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path with its segments already encoded, e.g. `/v1/collections/a%2Fb`. */
  path: string;
  query?: Readonly<Record<string, string | number | undefined>>;
  /** Sent as JSON. */
  body?: unknown;
  /** Safe to send twice: only such calls are retried (after a 503 or no answer). */
  idempotent: boolean;
  /** Error statuses answered as a result instead of thrown (the readiness probe's 503). */
  acceptStatus?: readonly number[];
  call?: CallOptions;
}

export interface HttpResponse {
  status: number;
  /** The parsed JSON body; undefined for an empty one (204). */
  body: unknown;
  /** Attempts made, 1 unless retried. */
  attempts: number;
}

const KNOWN_CODES = new Set<string>(Object.values(ApiErrorCode));

/**
 * Sends JSON requests with global fetch (undici in Node 20): bearer auth, a timeout per attempt,
 * bounded retries with backoff for idempotent calls, and every error answer mapped to
 * {@link ShoalApiError} (no answer at all: {@link ShoalConnectionError}).
 */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly random: () => number;

  constructor(private readonly options: ShoalClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RangeError(`baseUrl must be an http(s) URL, got ${options.baseUrl}`);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.retry = resolveRetryOptions(DEFAULT_RETRY, options.retry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.random = options.random ?? Math.random;
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const attempts = request.idempotent ? this.retry.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.attempt(request, attempt)), attempts: attempt };
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) throw error;
        const retryAfter = error instanceof ShoalApiError ? error.retryAfterSeconds : undefined;
        const delayMs = retryDelayMs(attempt, this.retry, this.random, retryAfter);
        this.options.onRetry?.({ method: request.method, path: request.path, attempt, delayMs, error: error as Error });
        await abortableSleep(delayMs, request.call?.signal);
      }
    }
  }

  private async attempt(request: HttpRequest, attempt: number): Promise<{ status: number; body: unknown }> {
    const { method, path, call = {} } = request;
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    // A timer cleared when the attempt ends: AbortSignal.timeout stays armed for the whole timeout
    // after the answer and then fires (building a DOMException) for every request.
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeout.signal]) : timeout.signal;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let status: number;
    let retryAfter: string | null;
    let text: string;
    try {
      const response = await fetch(this.url(path, request.query), {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeout.signal.aborted) throw new ShoalConnectionError(ClientErrorCode.Timeout, `${method} ${path}: no answer within ${timeoutMs} ms`, attempt, { cause: error });
      throw new ShoalConnectionError(ClientErrorCode.Unreachable, `cannot reach ${this.baseUrl} (${causeOf(error)})`, attempt, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (status < 300 || request.acceptStatus?.includes(status)) return { status, body: parseSuccess(text, status, method, path, attempt) };
    throw toApiError(status, text, attempt, parseRetryAfter(retryAfter));
  }

  private url(path: string, query: HttpRequest['query']): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return `${this.baseUrl}${path}${search ? `?${search}` : ''}`;
  }
}

function parseSuccess(text: string, status: number, method: string, path: string, attempt: number): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ShoalApiError(status, ClientErrorCode.UnexpectedResponse, `${method} ${path} answered ${status} with a body that is not JSON`, { body: text.slice(0, 200) }, attempt);
  }
}

/** The API's `{error:{code,message,details}}`; anything else (a proxy's HTML page) keeps its status and a snippet. */
function toApiError(status: number, text: string, attempt: number, retryAfterSeconds: number | undefined): ShoalApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof code === 'string' && KNOWN_CODES.has(code) && typeof message === 'string') {
      const detailObject = typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};
      return new ShoalApiError(status, code as ApiErrorCode, message, detailObject, attempt, retryAfterSeconds);
    }
  }
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ShoalApiError(status, ClientErrorCode.UnexpectedResponse, `HTTP ${status}${snippet ? `: ${snippet}` : ''}`, {}, attempt, retryAfterSeconds);
}

/**
 * The useful part of undici's `TypeError: fetch failed`: the socket error's code (ECONNREFUSED…).
 * Duck-typed: the error may come from another realm (a vm sandbox), where `instanceof Error` fails.
 */
function causeOf(error: unknown): string {
  const { cause, message } = (typeof error === 'object' && error !== null ? error : {}) as { cause?: { code?: unknown; message?: unknown }; message?: unknown };
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return typeof message === 'string' ? message : String(error);
}
