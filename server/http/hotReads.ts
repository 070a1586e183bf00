/**
 * Hot reads: the GET routes that pages and scripts poll, answered again with the answer Express gave
 * for the same URL while nothing it depends on has changed. A repeated answer skips Express's router,
 * the body parser, the query's validation, the handler, JSON serialization and the ETag's hash, which
 * cost far more than the answer itself.
 *
 * What stays exactly as Express does it:
 * - the answer: body and headers (helmet's security headers, Content-Type, ETag) are the ones Express
 *   sent, replayed in the same order; Date is the server's own, as always;
 * - conditional requests: the ETag is checked by Express's own `req.fresh` and `res.send` (304);
 * - classroom mode's share per address: the same limiter, counting in the same store, runs first
 *   and answers the 429 itself;
 * - everything else goes to Express untouched: other methods and paths, a query string Express has
 *   not answered with a 200 since the data last changed, and any request with an Authorization
 *   header (the instructor's answers may differ, and the instructor is not counted).
 *
 * A cached answer is served only while its route's `version` (the store's write count, the world
 * object the engine published, …) is the one it was taken at, so it is dropped when the data changes.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Express, Request, RequestHandler, Response } from "express";
import type { SandboxControl } from "../control";

/**
 * One hot route: its path, and a value that changes whenever its answer may change (compared with
 * ===), or a promise of it. A value at hand is cheaper: the answer goes out in the same turn.
 */
export interface HotRead {
  path: string;
  version(): unknown;
}

interface CachedAnswer {
  version: unknown;
  body: Buffer;
  /** Express's headers as sent, names and values in one list (original case and order), without the ones of one request. */
  headers: (string | number | string[])[];
}

interface HotRoute {
  read: HotRead;
  /** Kept answers by URL (path and query string). */
  answers: Map<string, CachedAnswer>;
}

/** Headers of one request's answer, never replayed: the limiter's count, and the connection's. */
const PER_REQUEST = new Set([
  "date",
  "connection",
  "keep-alive",
  "ratelimit",
  "ratelimit-policy",
  "retry-after",
]);
/** Most query strings kept per route (a page asks a handful). */
const VARIANTS_PER_ROUTE = 64;

export interface HotReadsListener extends RequestListener {
  /** Answers served from the cache, and requests a hot route's cache could not answer. */
  readonly counts: { hits: number; misses: number };
}

/**
 * Wraps the Express app in a request listener that answers the hot reads it can and hands the rest
 * to `app`. `share` is classroom mode's limiter, the same instance the app runs first.
 */
export function withHotReads(
  app: Express,
  reads: readonly HotRead[],
  share: RequestHandler | undefined,
): HotReadsListener {
  const byPath = new Map<string, HotRoute>(
    reads.map((read) => [read.path, { read, answers: new Map<string, CachedAnswer>() }]),
  );
  const counts = { hits: 0, misses: 0 };

  const answer = (route: HotRoute, req: IncomingMessage, res: ServerResponse, version: unknown) => {
    const url = req.url!;
    const cached = route.answers.get(url);
    if (cached === undefined || !sameVersion(cached.version, version)) {
      counts.misses++;
      keepAnswer(res, (headers, body) => {
        if (route.answers.size >= VARIANTS_PER_ROUTE) route.answers.clear();
        route.answers.set(url, { version, body, headers });
      });
      app(req, res);
      return;
    }
    counts.hits++;
    if (!share) return replay(app, cached, req, res);
    const [request, response] = asExpress(app, req, res);
    // The limiter counts the request and adds its headers, or answers the 429 itself.
    void share(request, response, (error?: unknown) =>
      error ? app(req, res) : replay(app, cached, req, res),
    );
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const route =
      req.method === "GET" && req.headers.authorization === undefined
        ? byPath.get(pathOf(req.url))
        : undefined;
    if (!route) return app(req, res);
    // Most versions are at hand: the answer goes out in this turn of the event loop, with no promise.
    let version: unknown;
    try {
      version = route.read.version();
      if (!isPromise(version)) return answer(route, req, res, version);
    } catch {
      if (!res.headersSent) app(req, res);
      return;
    }
    version
      .then((resolved) => answer(route, req, res, resolved))
      .then(undefined, () => {
        if (!res.headersSent) app(req, res);
      });
  };
  return Object.assign(listener, { counts });
}

/** Sends a kept answer: as it is, or through Express's own send for a conditional request (304 when the ETag matches). */
function replay(app: Express, cached: CachedAnswer, req: IncomingMessage, res: ServerResponse): void {
  if (req.headers["if-none-match"] === undefined && req.headers["if-modified-since"] === undefined) {
    res.writeHead(200, cached.headers);
    res.end(cached.body);
    return;
  }
  const [, response] = asExpress(app, req, res);
  for (let i = 0; i < cached.headers.length; i += 2)
    response.setHeader(cached.headers[i] as string, cached.headers[i + 1]!);
  response.send(cached.body);
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
}

function pathOf(url: string | undefined): string {
  const query = url?.indexOf("?") ?? -1;
  return query < 0 ? (url ?? "") : url!.slice(0, query);
}

/** What Express does to every request before routing it (application.js, `app.handle`). */
function asExpress(app: Express, req: IncomingMessage, res: ServerResponse): [Request, Response] {
  const request = Object.setPrototypeOf(req, app.request) as Request;
  const response = Object.setPrototypeOf(res, app.response) as Response;
  request.res = response;
  response.req = request;
  response.locals ??= Object.create(null);
  return [request, response];
}

/** Calls `keep` with the answer's headers and body if Express answers 200 with a whole body at once. */
function keepAnswer(
  res: ServerResponse,
  keep: (headers: CachedAnswer["headers"], body: Buffer) => void,
): void {
  const end = res.end;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    const [chunk] = args;
    if (this.statusCode === 200 && !this.headersSent && Buffer.isBuffer(chunk) && this.hasHeader("etag")) {
      // Names as Express set them (Node has getRawHeaderNames on every outgoing message; its types only on requests).
      const names = (this as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
      const headers = names
        .filter((name) => !PER_REQUEST.has(name.toLowerCase()))
        .flatMap((name) => [name, this.getHeader(name)!]);
      keep(headers, chunk);
    }
    return end.apply(this, args as Parameters<typeof end>);
  } as typeof res.end;
}

/**
 * The sandbox's hot reads, each with what its answer is made of (see the routes in ./routes): what a
 * page loads (health, world, scenarios) and what dashboards and scripts poll (decisions, statistics).
 */
export function sandboxHotReads(
  control: SandboxControl,
  sideChainVersion?: () => Promise<unknown>,
): HotRead[] {
  // The decisions' routes read the store after writing what waits (as they do): its write count says it all.
  const storeVersion = () => {
    control.store.flush();
    return control.store.version;
  };
  return [
    {
      path: "/api/health",
      version: () => JSON.stringify([control.status(), control.published.latestBlock()]),
    },
    // worldState() is the object last published (and schedules the next read after a block).
    // With a second chain, its state's version too.
    {
      path: "/api/world",
      version: async () => [await control.published.worldState(), await sideChainVersion?.()],
    },
    { path: "/api/scenarios", version: () => control.scenarios },
    { path: "/api/mev/opportunities", version: storeVersion },
    { path: "/api/mev/stats", version: storeVersion },
  ];
}

/** Versions are compared with ===, a list of them element by element. */
function sameVersion(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
