import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface RunningScript {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Starts one of scripts/*.ts as its npm script does (after the build), collecting its output. */
export function startScript(script: string, args: readonly string[], stdin?: string): RunningScript {
  const child = spawn(process.execPath, ["--import", "tsx", join("scripts", script), ...args], {
    cwd: join(__dirname, "..", ".."),
    stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin !== undefined) child.stdin?.end(stdin);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Runs a script to its end. */
export async function runScript(
  script: string,
  args: readonly string[],
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const running = startScript(script, args, stdin);
  const code = await running.exited;
  return { code, ...running.output() };
}
