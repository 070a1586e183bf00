/**
 * The HTTP app: REST API under /api, Prometheus metrics at /metrics, the visualizer's files at /.
 * `createApp(deps)` builds it and never listens (server/http/server.ts does, for the entry point).
 * Order: security headers → JSON bodies → routers per resource → static files → 404 → errors.
 */
import express, { type Express, type RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { requireInstructor } from "./auth";
import { type AppDeps, DEFAULT_RATE_LIMIT } from "./deps";
import { errorBody, errorHandler, notFoundHandler } from "./errors";
import { banditRouter } from "./routes/bandit";
import { builderRouter } from "./routes/builder";
import { infoRouter } from "./routes/info";
import { liveRouter } from "./routes/live";
import { mevRouter } from "./routes/mev";
import { runsRouter } from "./routes/runs";

/** JSON bodies larger than this are refused (a simulation of 10 big transactions fits). */
const BODY_LIMIT = "4mb";

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(helmet());
  app.use(express.json({ limit: BODY_LIMIT }));

  // Control endpoints are rate-limited (before the token check, so guessing tokens is slow too).
  const limits = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rateLimit({
    windowMs: limits.windowMs,
    limit: limits.limit,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({
        error: {
          code: "rate_limited",
          message: `too many control requests: at most ${limits.limit} every ${limits.windowMs / 1000} s`,
          details: { limit: limits.limit, windowMs: limits.windowMs },
        },
      });
    },
  });
  const limited: RequestHandler[] = [limiter];
  const guard: RequestHandler[] = [limiter, requireInstructor(deps.token)];

  app.use("/api", infoRouter(deps));
  app.use("/api/runs", runsRouter(deps, guard));
  app.use("/api/mev/bandit", banditRouter(deps));
  app.use("/api/mev", builderRouter(deps, guard, limited));
  app.use("/api/mev", mevRouter(deps, guard, limited));
  app.use("/api/live", liveRouter(deps, guard));
  app.get("/metrics", async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.text());
  });
  app.use("/api", notFoundHandler);
  if (deps.staticDir) app.use(express.static(deps.staticDir));
  app.use(notFoundHandler);
  app.use(errorHandler(deps.onServerError ?? (() => {})));
  return app;
}

export { errorBody };
