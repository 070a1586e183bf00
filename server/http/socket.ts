/**
 * socket.io: a room per run, engine events forwarded to the room of their run, metrics to everyone
 * once a second. A viewer who joins gets a snapshot first (in the join's acknowledgement), then the
 * room's live events. Client events are validated on arrival: a malformed one gets an error ack and
 * is ignored. A viewer who disconnects changes nothing.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { z } from "zod";
import { LIVE_RUN_ID } from "../control";
import { InvalidInputError, RateLimitedError, UnauthorizedError } from "../errors";
import type { SandboxEvent } from "../events";
import { OVER_SHARE_DELAY_MS, overShareDelay, TokenBuckets } from "../lib/tokenBucket";
import { auditSocketControl } from "./auditRequests";
import { tokenProblem } from "./auth";
import { type AppDeps, DEFAULT_SOCKET_LIMITS } from "./deps";
import { errorBody, zodProblems } from "./errors";
import { RunIdSchema } from "./routes/runs";
import type {
  Ack,
  ClientToServerEvents,
  RoomSnapshot,
  ServerToClientEvents,
  SocketData,
} from "./socketEvents";
import { roomOf } from "./socketEvents";

export type SandboxIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SandboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Event domains sent to every viewer rather than to the room of one run. */
const EVERYONE = /^(sandbox|student|challenge|poll):/;

/** How often viewers receive the metrics stream. */
export const METRICS_INTERVAL_MS = 1_000;

const JoinSchema = z.strictObject({ runId: z.union([z.literal(LIVE_RUN_ID), RunIdSchema]) });
const ControlSchema = z.strictObject({
  runId: RunIdSchema,
  action: z.enum(["step", "play", "pause", "reset"]),
  speed: z.number().min(0.1).max(100).optional(),
});

export const SIGNED_CONTROL_OVER_SOCKET_MESSAGE =
  "this sandbox takes signed control only (--instructor-key): send the control as a signed HTTP request (POST /api/runs/:id/<action>; npm run -s sign prints the headers), not over socket.io";

function failure(error: unknown): { error: ReturnType<typeof errorBody>["body"]["error"] } {
  return { error: errorBody(error).body.error };
}

/** Why an event is over its sender's fair share, or undefined when it is within it. */
type Admission = () => string | undefined;

/**
 * Registers a client event whose payload is validated by `schema` and whose ack must be a function.
 * Past its fair share (`admit`), the ack says so, after a moment, and nothing runs.
 */
function handle<S extends z.ZodType, T>(
  socket: SandboxSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  admit: Admission,
  handler: (payload: z.infer<S>) => Promise<T> | T,
): void {
  const listener = async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === "function" ? (ack as (response: Ack<T>) => void) : () => {};
    const overShare = admit();
    if (overShare) {
      await overShareDelay(socket.data.overShareDelayMs);
      reply(failure(new RateLimitedError(`${overShare}; ${event} was ignored`)));
      return;
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const problems = zodProblems(parsed.error);
      reply(
        failure(
          new InvalidInputError(
            `invalid ${event} payload: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
            { code: "invalid_event", details: { problems } },
          ),
        ),
      );
      return;
    }
    try {
      reply({ data: await handler(parsed.data) });
    } catch (error) {
      reply(failure(error));
    }
  };
  // socket.io's typed `on` cannot take a handler over unknown payloads: they are validated above.
  (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
    event,
    listener as (...args: unknown[]) => void,
  );
}

export interface SocketServer {
  io: SandboxIo;
  close(): Promise<void>;
}

export function attachSocket(httpServer: HttpServer, deps: AppDeps): SocketServer {
  const { control, metrics } = deps;
  const limits = deps.socketLimits ?? DEFAULT_SOCKET_LIMITS;
  const events = new TokenBuckets({ perSecond: limits.eventsPerSecond, burst: limits.burst });
  const joins = new TokenBuckets({
    perSecond: limits.joinsPerSecondPerAddress,
    burst: limits.joinBurstPerAddress,
  });
  const delayMs = deps.overShareDelayMs ?? OVER_SHARE_DELAY_MS;
  const io: SandboxIo = new Server(httpServer, { serveClient: false });
  const perAddress = new Map<string, number>();

  io.use((socket, next) => {
    // In classroom mode one address cannot hold more than its share of connections.
    const address = socket.handshake.address;
    if (deps.classroom && (perAddress.get(address) ?? 0) >= limits.connectionsPerAddress) {
      const error = new Error(
        `too many connections from ${address}: at most ${limits.connectionsPerAddress}; close some tabs`,
      ) as Error & { data?: unknown };
      error.data = { code: "rate_limited" };
      return next(error);
    }
    next();
  });

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    socket.data.instructor = false;
    if (token === undefined) return next();
    const problem =
      typeof token === "string" ? tokenProblem(token, deps.token) : tokenProblem("", deps.token);
    if (problem) {
      const error = new Error(problem.message) as Error & { data?: unknown };
      error.data = { code: problem.code };
      return next(error);
    }
    socket.data.instructor = true;
    next();
  });

  const forward = (event: SandboxEvent) => {
    // The sandbox's own news (it healed itself) and the class's (students, challenges, polls) concern
    // every viewer, whatever run they follow.
    const audience = EVERYONE.test(event.type) ? io : io.to(roomOf(event.runId));
    (audience as unknown as { emit(type: string, payload: unknown): void }).emit(event.type, event);
  };
  const unsubscribeBus = control.bus.on(forward);
  const unsubscribeExecutions = control.onExecution((result) => io.emit("mev:executed", result));
  const unsubscribeResets = control.runs.onReset((runId) =>
    io.to(roomOf(runId)).emit("run:reset", { runId }),
  );

  const countViewers = () => metrics.setViewers(io.of("/").sockets.size);
  let lastStatus = "";
  const timer = setInterval(() => {
    io.emit("metrics", metrics.tick());
    const status = control.status();
    const serialized = JSON.stringify(status);
    if (serialized !== lastStatus) {
      lastStatus = serialized;
      io.emit("status", status);
    }
  }, METRICS_INTERVAL_MS);

  const runControl = (instructor: boolean, { runId, action, speed }: z.infer<typeof ControlSchema>) => {
    if (!instructor) {
      throw new UnauthorizedError("run controls need the instructor token: connect with auth: { token }");
    }
    // Signed control covers HTTP only: with a key, a socket cannot stand in for a signed request.
    if (deps.instructorKey) {
      throw new UnauthorizedError(SIGNED_CONTROL_OVER_SOCKET_MESSAGE, { code: "signed_control_required" });
    }
    if (action === "step") return control.runs.step(runId);
    if (action === "play") return control.runs.play(runId, speed ?? 1);
    if (action === "pause") return control.runs.pause(runId);
    return control.runs.reset(runId);
  };

  io.on("connection", (socket: SandboxSocket) => {
    const address = socket.handshake.address;
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    countViewers();
    // Who holds the chain, live mode, health: a viewer knows at once, then on every change.
    socket.emit("status", control.status());
    socket.on("disconnect", () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
      countViewers();
    });

    socket.data.overShareDelayMs = delayMs;
    const anyEvent: Admission = () =>
      events.take(socket.id) ? undefined : `too many events on this connection: at most ${events.describe()}`;
    // A join sends the whole run: in classroom mode each address has a share of joins, whatever its
    // number of sockets.
    const aJoin: Admission = () =>
      anyEvent() ??
      (!deps.classroom || joins.take(address)
        ? undefined
        : `too many run:join from ${address}: at most ${joins.describe()}`);

    handle(socket, "run:join", JoinSchema, aJoin, ({ runId }): RoomSnapshot => {
      const snapshot: RoomSnapshot =
        runId === LIVE_RUN_ID
          ? { id: LIVE_RUN_ID, live: control.live.status(), events: control.live.recentEvents() }
          : control.runs.view(runId);
      for (const room of socket.rooms) if (room !== socket.id && room !== roomOf(runId)) socket.leave(room);
      // Joined and answered in the same tick: no event can fall between the snapshot and the stream.
      socket.join(roomOf(runId));
      return snapshot;
    });

    handle(socket, "run:leave", JoinSchema, anyEvent, ({ runId }) => {
      socket.leave(roomOf(runId));
      return { left: runId };
    });

    handle(socket, "run:control", ControlSchema, anyEvent, (payload) => {
      const { instructor } = socket.data;
      return auditSocketControl(
        deps.audit,
        { instructor, event: "run:control", payload },
        () => runControl(instructor, payload),
        (error) => errorBody(error).status,
        deps.onServerError ?? (() => {}),
      );
    });
  });

  return {
    io,
    async close() {
      clearInterval(timer);
      unsubscribeBus();
      unsubscribeExecutions();
      unsubscribeResets();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
