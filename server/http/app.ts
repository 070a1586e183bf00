/**
 * The HTTP app: REST API under /api, Prometheus metrics at /metrics, the visualizer's files at /.
 * `createApp(deps)` builds it and never listens (server/http/server.ts does, for the entry point).
 * Order: security headers → JSON bodies → routers per resource → static files → 404 → errors.
 */
import express, { type Express, type Request, type RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { isInstructor } from "../lib/token";
import { OVER_SHARE_DELAY_MS, overShareDelay } from "../lib/tokenBucket";
import { type ActorOf, actorByToken, auditRequests, joiningStudent } from "./auditRequests";
import { requireInstructor } from "./auth";
import {
  type AppDeps,
  DEFAULT_OPEN_RATE_LIMIT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REORDER_RATE_LIMIT,
  type RateLimitSettings,
} from "./deps";
import { errorBody, errorHandler, notFoundHandler } from "./errors";
import { keepRawBody } from "./rawBody";
import { auditRouter } from "./routes/audit";
import { banditRouter } from "./routes/bandit";
import { builderRouter } from "./routes/builder";
import { classroomRouter } from "./routes/classroom";
import { infoRouter } from "./routes/info";
import { liveRouter } from "./routes/live";
import { mevRouter } from "./routes/mev";
import { mevShareRouter } from "./routes/mevShare";
import { riskRouter } from "./routes/risk";
import { runsRouter } from "./routes/runs";
import { requireSignature } from "./signedControl";

/** JSON bodies larger than this are refused (a simulation of 10 big transactions fits). */
const BODY_LIMIT = "4mb";

/**
 * `share`: classroom mode's limiter of every route, when the caller runs it elsewhere too (the hot
 * reads, server/http/hotReads.ts): one instance, so both count in one store.
 */
export function createApp(deps: AppDeps, share = classroomShare(deps)): Express {
  const app = express();
  app.disable("x-powered-by");
  // In classroom mode every address gets a fair share of every route, first of all.
  if (share) app.use(share);
  app.use(helmet({ contentSecurityPolicy: { directives: pageDirectives(deps) } }));
  // The exact bytes are kept: an X-Flashbots-Signature signs them (POST /api/mev/bundle/submit).
  app.use(express.json({ limit: BODY_LIMIT, verify: keepRawBody }));

  // Control endpoints are rate-limited (before the token check, so guessing tokens is slow too), then
  // audited (refusals included), then checked: the token, and the signature with --instructor-key.
  const limiter = limiterOf(deps.rateLimit ?? DEFAULT_RATE_LIMIT, "control requests", 0);
  const limited: RequestHandler[] = [limiter];
  const studentNameOf = (token: string) => deps.control.classroom.studentByToken(token)?.name;
  const instructor = requireInstructor(deps.token, (token) => studentNameOf(token) !== undefined);
  const onServerError = deps.onServerError ?? (() => {});
  const audited = (actorOf: ActorOf): RequestHandler[] =>
    deps.audit ? [auditRequests(deps.audit, actorOf, onServerError)] : [];
  const byToken = actorByToken(deps.token, studentNameOf);
  const signed = deps.instructorKey ? [requireSignature(deps.instructorKey)] : [];
  const guard: RequestHandler[] = [limiter, ...audited(byToken), instructor, ...signed];
  const students = { join: [limiter, ...audited(joiningStudent)], asStudent: [limiter, ...audited(byToken)] };

  app.use("/api", infoRouter(deps));
  app.use("/api/runs", runsRouter(deps, guard));
  app.use("/api/mev/bandit", banditRouter(deps));
  app.use("/api/mev/risk", riskRouter(deps, guard));
  app.use("/api/mev", builderRouter(deps, guard, limited));
  // Replaying a block costs CPU: in classroom mode each address gets a modest share (the instructor is not counted).
  const reorderLimited = deps.classroom
    ? [
        limiterOf(
          deps.reorderRateLimit ?? DEFAULT_REORDER_RATE_LIMIT,
          "reorders",
          deps.overShareDelayMs ?? OVER_SHARE_DELAY_MS,
          (req) => isInstructor(req.get("authorization"), deps.token),
        ),
      ]
    : [];
  app.use("/api/mev", mevRouter(deps, guard, limited, reorderLimited));
  app.use("/api/mev-share", mevShareRouter(deps));
  app.use("/api/live", liveRouter(deps, guard));
  app.use("/api", classroomRouter(deps, guard, students));
  if (deps.audit) app.use("/api/audit", auditRouter(deps.audit, [limiter, instructor]));
  app.get("/metrics", async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.text());
  });
  app.use("/api", notFoundHandler);
  if (deps.staticDir) app.use(express.static(deps.staticDir));
  app.use(notFoundHandler);
  app.use(errorHandler(onServerError));
  return app;
}

export { errorBody };

/**
 * In classroom mode every address gets a fair share of every route (the page, the API, /metrics),
 * first of all, so that a request over its share costs the server as little as possible. Not
 * counted: the instructor, and GET /api/health (a few bytes from memory, for whoever watches).
 */
export function classroomShare(deps: AppDeps): RequestHandler | undefined {
  if (!deps.classroom) return undefined;
  const open = deps.openRateLimit ?? DEFAULT_OPEN_RATE_LIMIT;
  const exempt = (req: Request) =>
    req.path === "/api/health" || isInstructor(req.get("authorization"), deps.token);
  return limiterOf(open, "requests", deps.overShareDelayMs ?? OVER_SHARE_DELAY_MS, exempt);
}

function limiterOf(
  limits: RateLimitSettings,
  what: string,
  delayMs: number,
  skip: (req: Request) => boolean = () => false,
): RequestHandler {
  return rateLimit({
    skip,
    windowMs: limits.windowMs,
    limit: limits.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // The refusal waits a moment: a flood slows itself down instead of keeping the server busy.
    handler: (_req, res) => {
      void overShareDelay(delayMs).then(() => {
        res.status(429).json({
          error: {
            code: "rate_limited",
            message: `too many ${what} from your address: at most ${limits.limit} every ${limits.windowMs / 1000} s`,
            details: { limit: limits.limit, windowMs: limits.windowMs },
          },
        });
      });
    },
  });
}

/**
 * The page's Content-Security-Policy, on top of helmet's defaults: the page may also talk to the
 * JSON-RPC port on whatever host it was loaded from (the student's wallet signs there), and it asks
 * the browser to upgrade to https only when the sandbox serves TLS (a classroom LAN over plain http
 * must still load the page's scripts).
 */
function pageDirectives(deps: AppDeps): Record<string, string[] | null> {
  const port = deps.connect.rpcPort;
  return {
    connectSrc: ["'self'", `http://*:${port}`, `https://*:${port}`, `ws://*:${port}`, `wss://*:${port}`],
    upgradeInsecureRequests: deps.connect.tls ? [] : null,
  };
}
