/**
 * The REST API, as the page uses it: the only place (with socket.ts) that talks to the server.
 * Shapes are the server's own types, imported; errors arrive as `{ error: { code, message, details } }`.
 */
import type { RunView } from "../../server/control/runManager";
import type { ApiErrorBody } from "../../server/http/errors";
import type { describeScenario } from "../../server/scenarios";
import type { WorldState } from "../../server/world/describe";

export type ScenarioInfo = ReturnType<typeof describeScenario>;
export type ParamInfo = ScenarioInfo["params"][number];
export type { RunView };

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
