/** Helpers for the server's tests: a whole sandbox on ephemeral ports, and a small fetch wrapper. */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../server/sandbox";
import { defineScenario } from "../../server/scenarios/scenario";

export const TEST_TOKEN = "test-instructor-token";

/** A scenario that mines one block, then throws: registered only in tests. */
export const throwingScenario = defineScenario({
  name: "throws-on-purpose",
  description: "mines a block, then fails (tests only)",
  params: {},
  bots: () => [],
  steps: [
    {
      title: "A block is mined",
      async run({ engine }) {
        await engine.mine();
        return { narration: "one block" };
      },
    },
    {
      title: "The step throws",
      async run() {
        throw new Error("this step fails on purpose");
      },
    },
  ],
});

/** A scenario whose bots cannot be built: the run fails before its first step. */
export const failsToStartScenario = defineScenario({
  name: "fails-to-start",
  description: "its bots throw as the run starts (tests only)",
  params: {},
  bots: () => {
    throw new Error("the bots could not be built, on purpose");
  },
  steps: [
    {
      title: "Never reached",
      async run() {
        return { narration: "unreachable" };
      },
    },
  ],
});

export async function startTestSandbox(
  hre: HardhatRuntimeEnvironment,
  options: Partial<SandboxOptions> = {},
): Promise<Sandbox> {
  return startSandbox(hre, {
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    blockTime: 0,
    token: TEST_TOKEN,
    rateLimit: { windowMs: 60_000, limit: 100_000 },
    extraScenarios: [throwingScenario as never, failsToStartScenario as never],
    onError: (error) => console.error("SERVER ERROR", error),
    ...options,
  });
}

/** A JSON body as the tests read it: the assertions that read it are its type checks. */
// biome-ignore lint/suspicious/noExplicitAny: API bodies are checked by the assertions that read them
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the API: JSON in and out; `token` sends the bearer header; `raw` sends a body as is. */
export function apiClient(baseUrl: string) {
  return async function api<T = Json>(
    method: string,
    path: string,
    options: { body?: unknown; raw?: string; token?: string } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined || options.raw !== undefined) headers["content-type"] = "application/json";
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (metrics, the page)
    }
    return { status: response.status, body: body as T, headers: response.headers };
  };
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
