/**
 * The REST API, as the page uses it: the only place (with socket.ts) that talks to the server.
 * Shapes are the server's own types, imported; errors arrive as `{ error: { code, message, details } }`.
 * (The chain itself is reached over JSON-RPC: see wallet/chain.ts.)
 */
import type {
  ChallengeView,
  ConnectInfo,
  JoinResponse,
  LeaderboardView,
  PollView,
  StudentView,
} from "../../server/classroom/views";
import type { LiveStatus } from "../../server/control/liveChain";
import type { MitigationsReport } from "../../server/control/mitigations";
import type { ReorderResult } from "../../server/control/reorder";
import type { RunView } from "../../server/control/runManager";
import type { ChallengeKind, PollKind } from "../../server/events";
import type { ApiErrorBody } from "../../server/http/errors";
import type { describeScenario } from "../../server/scenarios";
import type { WorldState } from "../../server/world/describe";

export type ScenarioInfo = ReturnType<typeof describeScenario>;
export type ParamInfo = ScenarioInfo["params"][number];
export type {
  ChallengeView,
  ConnectInfo,
  LeaderboardView,
  LiveStatus,
  PollView,
  ReorderResult,
  RunView,
  StudentView,
};

export interface RunsList {
  runs: { id: string; scenario: string; status: RunView["status"] }[];
  runningRunId: string | null;
}

/** A refused request, with the API's code and message (shown to the user as is). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

async function request<T>(method: string, path: string, token?: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json().catch(() => null)) as { error?: ApiErrorBody } | null;
  if (!response.ok) {
    const error = payload?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "http_error",
      error?.message ?? `${method} ${path} answered ${response.status}`,
      error?.details ?? null,
    );
  }
  return payload as T;
}

export async function listScenarios(): Promise<ScenarioInfo[]> {
  return (await request<{ scenarios: ScenarioInfo[] }>("GET", "/api/scenarios")).scenarios;
}

export function getWorld(): Promise<WorldState> {
  return request("GET", "/api/world");
}

export function listRuns(): Promise<RunsList> {
  return request("GET", "/api/runs");
}

export function getRun(id: string): Promise<RunView> {
  return request("GET", `/api/runs/${encodeURIComponent(id)}`);
}

export function createRun(
  token: string,
  scenario: string,
  params: Record<string, unknown>,
): Promise<RunView> {
  return request("POST", "/api/runs", token, { scenario, params });
}

export type RunAction = "step" | "play" | "pause" | "reset";

/** Step, play (at `speed`), pause or reset a run: instructor only. */
export function controlRun(token: string, id: string, action: RunAction, speed?: number): Promise<RunView> {
  const body = action === "play" ? { speed } : undefined;
  return request("POST", `/api/runs/${encodeURIComponent(id)}/${action}`, token, body);
}

// ---------------------------------------------------------------------------------------------
// Live mode and the class (server/classroom/views.ts)
// ---------------------------------------------------------------------------------------------

/** Live mode on or off, with its block time in seconds (0: blocks only on request): instructor only. */
export function setLive(token: string, enabled: boolean, blockTime: number): Promise<LiveStatus> {
  return request("POST", "/api/live", token, { enabled, blockTime });
}

/** Mines a block now: instructor only. */
export function mineNow(token: string): Promise<{ block: number; txs: string[] }> {
  return request("POST", "/api/live/mine", token);
}

/** How the page reaches the chain (the JSON-RPC port), and whether joining needs the class code. */
export function getConnectInfo(): Promise<ConnectInfo> {
  return request("GET", "/api/connect");
}

/** Registers the student's address under `name`; the answer's token proves who they are. */
export function joinClass(body: { name: string; address: string; code?: string }): Promise<JoinResponse> {
  return request("POST", "/api/students", null, body);
}

export async function listStudents(): Promise<StudentView[]> {
  return (await request<{ students: StudentView[] }>("GET", "/api/students")).students;
}

export async function listChallenges(): Promise<ChallengeView[]> {
  return (await request<{ challenges: ChallengeView[] }>("GET", "/api/challenges")).challenges;
}

export function startChallenge(
  token: string,
  body: { kind: ChallengeKind; blocks: number; params?: { houseBots?: boolean } },
): Promise<ChallengeView> {
  return request("POST", "/api/challenges", token, body);
}

export function getLeaderboard(): Promise<LeaderboardView> {
  return request("GET", "/api/leaderboard");
}

export async function listPolls(): Promise<PollView[]> {
  return (await request<{ polls: PollView[] }>("GET", "/api/polls")).polls;
}

export function openPoll(
  token: string,
  body: {
    question: string;
    kind: PollKind;
    options?: string[];
    /** Where the run says the true value: an event type and a dotted path in it. */
    answerFrom?: { event: string; path: string; runId?: string };
  },
): Promise<PollView> {
  return request("POST", "/api/polls", token, body);
}

/** A student's answer, with the token they got on joining; the last one counts until the reveal. */
export function answerPoll(studentToken: string, id: string, answer: string): Promise<PollView> {
  return request("POST", `/api/polls/${encodeURIComponent(id)}/answers`, studentToken, { answer });
}

/** Reveals a poll; `answer` gives the true value when the run does not. Instructor only. */
export function revealPoll(token: string, id: string, answer?: string): Promise<PollView> {
  return request("POST", `/api/polls/${encodeURIComponent(id)}/reveal`, token, answer ? { answer } : {});
}

/** Block `block` re-executed in `order` on a fork of the state before it (the chain does not change). */
export function reorderBlock(block: number, order: readonly string[]): Promise<ReorderResult> {
  return request("POST", `/api/mev/blocks/${block}/reorder`, null, { order });
}

/** What would have saved each victim of block `block`: re-executed by the server on forks (seconds). */
export function getMitigations(block: number): Promise<MitigationsReport> {
  return request("GET", `/api/mev/blocks/${block}/mitigations`);
}
