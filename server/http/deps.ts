/** What the HTTP app and the socket server are built from (see createApp, attachSocket). */
import type { KeyObject } from "node:crypto";
import type { ConnectInfo } from "../classroom/views";
import type { SandboxControl } from "../control";
import type { ChainEntry } from "../crosschain/describe";
import type { AuditLog } from "../store/audit";
import type { WorldState } from "../world/describe";
import type { SandboxMetrics } from "./metrics";

export interface RateLimitSettings {
  /** Window length in milliseconds. */
  windowMs: number;
  /** Control requests allowed per client address and window. */
  limit: number;
}

/** 120 control requests a minute per address: plenty for an instructor, little for a script. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { windowMs: 60_000, limit: 120 };

/** In classroom mode, open routes: 200 requests per 10 s per address (a page needs a handful). */
export const DEFAULT_OPEN_RATE_LIMIT: RateLimitSettings = { windowMs: 10_000, limit: 200 };

/**
 * In classroom mode, reordering a block (POST /api/mev/blocks/:n/reorder): an open read that replays
 * a whole block, so 20 a minute per address (a student trying orders needs a few).
 */
export const DEFAULT_REORDER_RATE_LIMIT: RateLimitSettings = { windowMs: 60_000, limit: 20 };

/** Per socket.io connection: client events per second, and the burst allowed after a quiet spell. */
export interface SocketLimits {
  /** Client events per connection per second, and the burst allowed after a quiet spell. */
  eventsPerSecond: number;
  burst: number;
  /** `run:join` per client address: a page joins once, and again when it reconnects or switches run. */
  joinsPerSecondPerAddress: number;
  joinBurstPerAddress: number;
  /** In classroom mode, the most connections from one address. */
  connectionsPerAddress: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  eventsPerSecond: 5,
  burst: 20,
  joinsPerSecondPerAddress: 2,
  joinBurstPerAddress: 20,
  connectionsPerAddress: 64,
};

export interface AppDeps {
  control: SandboxControl;
  /** How a page reaches the chain (GET /api/connect). */
  connect: ConnectInfo;
  /** Both chains, for GET /api/world's `chains`, given the main chain's state (absent: the field is left out). */
  chains?: (main: WorldState) => Promise<ChainEntry[]>;
  /** What `chains` reads of the second chain: the same value until it changes (the hot read's version). */
  chainsVersion?: () => Promise<unknown>;
  metrics: SandboxMetrics;
  /** The instructor token (random per start unless given). */
  token: string;
  /** The chain every control request is appended to (the run store's); without it nothing is recorded. */
  audit?: AuditLog;
  /** Signed control: every instructor request must also be signed by this Ed25519 public key. */
  instructorKey?: KeyObject;
  /** Directory served at `/` (the visualizer's build, or the placeholder page). */
  staticDir?: string;
  rateLimit?: RateLimitSettings;
  /** Open routes' limit per address, in classroom mode. */
  openRateLimit?: RateLimitSettings;
  /** Reorders per address, in classroom mode. */
  reorderRateLimit?: RateLimitSettings;
  socketLimits?: SocketLimits;
  /** Classroom mode: open routes and sockets get a fair share per address. */
  classroom?: boolean;
  /** How long a refusal for going over one's share waits (ms; tests make it short). */
  overShareDelayMs?: number;
  /** Answer the hot reads in front of Express (server/http/hotReads.ts); true unless false. */
  hotReads?: boolean;
  /** Called with unexpected errors (a 500); the server keeps running. */
  onServerError?: (error: unknown) => void;
}
