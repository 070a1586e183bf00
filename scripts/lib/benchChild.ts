/** Load generators run in child processes, with CPU time of their own, as browsers and clients would. */
import { spawn } from "node:child_process";
import { join } from "node:path";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs scripts/lib/<script> in a child process, collecting its stdout lines. */
export function child(script: string, args: string[]) {
  const proc = spawn(process.execPath, ["--import", "tsx", join(__dirname, script), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let buffer = "";
  proc.stdout.on("data", (chunk) => {
    buffer += chunk;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  const line = async (index: number) => {
    while (lines.length <= index) {
      if (proc.exitCode !== null) throw new Error(`${script} exited early`);
      await sleep(5);
    }
    return lines[index]!;
  };
  return { proc, line };
}
