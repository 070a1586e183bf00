/**
 * The socket.io event map, declared once: the server (server/http/socket.ts) and the browser
 * (web/, with `import type`) both use these types. Every engine event travels under its own
 * `domain:verb` name with its payload from server/events.ts.
 *
 * A viewer joins a run's room (`run:join`, or the run id "live" for the live chain and live mode); the
 * acknowledgement carries a snapshot of the run — the same object as `GET /api/runs/:id` — and
 * the room's live events follow. Acknowledgements are `{ data }` or `{ error }`.
 */

import type { SandboxStatus } from "../control";
import type { ExecutionResult } from "../control/arbitrage";
import type { LiveStatus } from "../control/liveChain";
import type { RunView } from "../control/runManager";
import type { SandboxEvent, SandboxEventMap, SandboxEventType } from "../events";
import type { ApiErrorBody } from "./errors";
import type { MetricsTick } from "./metrics";

export type Ack<T> = { data: T } | { error: ApiErrorBody };

/** What a viewer of the live chain ("live") receives on joining. */
export interface LiveSnapshot {
  id: "live";
  live: LiveStatus;
  /** The live chain's recent events, oldest first. */
  events: SandboxEvent[];
}

export type RoomSnapshot = RunView | LiveSnapshot;

/** Engine events, one socket event per type. */
export type EngineSocketEvents = { [K in SandboxEventType]: (event: SandboxEventMap[K]) => void };

export type ServerToClientEvents = EngineSocketEvents & {
  /** Once a second, to everyone. */
  metrics: (tick: MetricsTick) => void;
  /** Which run holds the chain, live mode: to everyone, when it changes. */
  status: (status: SandboxStatus) => void;
  /** The instructor reset a run: to its room; viewers rejoin for the fresh snapshot. */
  "run:reset": (payload: { runId: string }) => void;
  /** A searcher executed an opportunity on the instructor's request: to everyone. */
  "mev:executed": (result: ExecutionResult) => void;
};

export interface JoinRequest {
  /** A run id, or "live". */
  runId: string;
}

export type RunAction = "step" | "play" | "pause" | "reset";

export interface ControlRequest {
  runId: string;
  action: RunAction;
  /** For "play". */
  speed?: number;
}

export interface ClientToServerEvents {
  /** Joins a run's room (leaving any other); the ack carries the snapshot. */
  "run:join": (request: JoinRequest, ack: (response: Ack<RoomSnapshot>) => void) => void;
  "run:leave": (request: JoinRequest, ack: (response: Ack<{ left: string }>) => void) => void;
  /** Instructor only (socket connected with `auth: { token }`). */
  "run:control": (request: ControlRequest, ack: (response: Ack<RunView>) => void) => void;
}

/** Per-connection data the server keeps. */
export interface SocketData {
  instructor: boolean;
  /** How long a refusal for going over one's share waits (ms). */
  overShareDelayMs: number;
}

/** The room a run's events go to. */
export function roomOf(runId: string): string {
  return `run:${runId}`;
}
