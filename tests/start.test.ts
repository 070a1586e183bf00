import { describe, expect, it } from "vitest";
import { parseStartOptions } from "../scripts/lib/startOptions";
import { startScript } from "./helpers/script";

describe("npm start options", () => {
  it("defaults to localhost:8545 and a block every 12 s", () => {
    expect(parseStartOptions([], {})).toEqual({
      kind: "options",
      options: { host: "127.0.0.1", rpcPort: 8545, blockTime: 12 },
    });
  });

  it("takes flags over environment variables", () => {
    const parsed = parseStartOptions(["--rpc-port", "9000"], {
      SANDBOX_RPC_PORT: "9100",
      SANDBOX_BLOCK_TIME: "0",
    });
    expect(parsed).toEqual({ kind: "options", options: { host: "127.0.0.1", rpcPort: 9000, blockTime: 0 } });
  });

  it.each([
    [["--rpc-port", "99999"], "--rpc-port: must be a whole number from 0 to 65535"],
    [["--rpc-port", "eighty"], "--rpc-port: must be a whole number from 0 to 65535"],
    [["--block-time=-1"], "--block-time: must be a number of seconds from 0 to 3600"],
    [["--colour"], "Unknown option '--colour'"],
  ])("rejects %j, saying what is accepted", (argv, message) => {
    const parsed = parseStartOptions(argv, {});
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toContain(message);
    expect(parsed.kind === "error" && parsed.message).toContain("Usage: npm start");
  });
});

const runStart = (args: string[]) => startScript("start.ts", args);

describe("npm start", () => {
  it("exits with code 2 and the usage on a bad option, before starting anything", async () => {
    const run = runStart(["--rpc-port", "70000"]);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain("--rpc-port: must be a whole number from 0 to 65535");
  });

  it("serves the world over JSON-RPC and stops cleanly on Ctrl-C", async () => {
    const run = runStart(["--rpc-port", "0", "--block-time", "0"]);
    const deadline = Date.now() + 90_000;
    while (!run.output().stdout.includes("Press Ctrl-C to stop.") && Date.now() < deadline) {
      if (run.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { stdout, stderr } = run.output();
    expect(stdout, stderr).toContain("MEV Sandbox is running.");
    for (const heading of ["Tokens", "Pools", "Contracts", "Actors", "PUBLIC test keys"])
      expect(stdout).toContain(heading);
    expect(stdout).toMatch(/1 WETH = 2,000 USDC/);
    const url = stdout.match(/JSON-RPC\s+(http:\/\/\S+)/)?.[1];
    expect(url).toBeDefined();
    const response = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    expect(await response.json()).toMatchObject({ result: "0x7a69" });
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  }, 120_000);
});
