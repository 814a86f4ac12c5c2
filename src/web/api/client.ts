/** Thin fetch wrapper for the portal's JSON API (same origin, cookie session, CSRF header). */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const NETWORK_MESSAGE = 'Não foi possível falar com o servidor. Verifique sua conexão e tente novamente.';
const UNEXPECTED_MESSAGE = 'O servidor respondeu de forma inesperada. Tente novamente em instantes.';

let csrfToken: string | null = null;
const unauthorizedListeners = new Set<() => void>();

/** The CSRF token of the current session (kept in memory only). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called whenever a request answers 401 (the session ended or expired). */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Do not notify the 401 listeners (used by /me and login, which handle 401 themselves). */
  quietUnauthorized?: boolean;
  /** A file sent as it is (a CNAB retorno, an OFX, a nota fiscal) instead of a JSON body. */
  file?: { body: Blob; contentType: string };
  /** What to say when the server refuses the body as too large (413). */
  tooLargeMessage?: string;
  /** The session's CSRF token, when the caller holds it (else the one kept since login). */
  csrf?: string;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Sends the request; an answer that is not 2xx becomes an ApiError (the API's code, message and field). */
async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.file) headers['Content-Type'] = options.file.contentType;
  else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = options.csrf ?? csrfToken;
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file
        ? options.file.body
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }
  if (response.ok) return response;

  const body = ((await readJson(response)) ?? {}) as { code?: unknown; message?: unknown; field?: unknown };
  const error = new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : `http_${response.status}`,
    typeof body.message === 'string'
      ? body.message
      : response.status === 413 && options.tooLargeMessage
        ? options.tooLargeMessage
        : UNEXPECTED_MESSAGE,
    typeof body.field === 'string' ? body.field : undefined,
  );
  if (response.status === 401 && !options.quietUnauthorized) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw error;
}

/** The answer's JSON, or null (empty or not JSON). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (payload === null) throw new ApiError(response.status, 'invalid_response', UNEXPECTED_MESSAGE);
  return payload as T;
}

/** A file the API answers (e.g. a generated retorno): its bytes and the name the server gives it. */
export async function apiDownload(
  path: string,
  options: RequestOptions = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send(path, options);
  const disposition = response.headers.get('content-disposition') ?? '';
  return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
}

/** Saves `blob` as a download named `filename` (the browser's "save file"). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The message to show a person for any error thrown by a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return UNEXPECTED_MESSAGE;
}
