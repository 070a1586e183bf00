/** What the HTTP app and the socket server are built from (see createApp, attachSocket). */
import type { SandboxControl } from "../control";
import type { SandboxMetrics } from "./metrics";

export interface RateLimitSettings {
  /** Window length in milliseconds. */
  windowMs: number;
  /** Control requests allowed per client address and window. */
  limit: number;
}

/** 120 control requests a minute per address: plenty for an instructor, little for a script. */
export const DEFAULT_RATE_LIMIT: RateLimitSettings = { windowMs: 60_000, limit: 120 };

export interface AppDeps {
  control: SandboxControl;
  metrics: SandboxMetrics;
  /** The instructor token (random per start unless given). */
  token: string;
  /** Directory served at `/` (the visualizer's build, or the placeholder page). */
  staticDir?: string;
  rateLimit?: RateLimitSettings;
  /** Called with unexpected errors (a 500); the server keeps running. */
  onServerError?: (error: unknown) => void;
}
