import { describe, expect, it } from "vitest";
import { renderBuilder, renderServer } from "../scripts/lib/startBanner";
import { parseStartOptions, type StartOptions } from "../scripts/lib/startOptions";
import { startScript } from "./helpers/script";

describe("npm start options", () => {
  it("defaults to localhost:8545 and a block every 12 s", () => {
    expect(parseStartOptions([], {})).toEqual({
      kind: "options",
      options: {
        host: "127.0.0.1",
        rpcPort: 8545,
        httpPort: 3000,
        blockTime: 12,
        builderOrdering: "gas-price",
        classroom: false,
      },
    });
  });

  it("is in classroom mode whenever the host leaves loopback, or when asked", () => {
    const modeOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseStartOptions(argv, env);
      return parsed.kind === "options" ? parsed.options.classroom : parsed;
    };
    expect(modeOf(["--host", "0.0.0.0"])).toBe(true);
    expect(modeOf([], { SANDBOX_HOST: "192.168.1.20" })).toBe(true);
    expect(modeOf(["--classroom"])).toBe(true);
    expect(modeOf([], { SANDBOX_CLASSROOM: "1" })).toBe(true);
    expect(modeOf(["--host", "localhost"])).toBe(false);
    expect(modeOf(["--host", "::1"])).toBe(false);
  });

  it("takes flags over environment variables", () => {
    const parsed = parseStartOptions(["--rpc-port", "9000", "--fork-block", "12"], {
      SANDBOX_RPC_PORT: "9100",
      SANDBOX_HTTP_PORT: "4000",
      SANDBOX_BLOCK_TIME: "0",
      SANDBOX_TOKEN: "from-the-environment",
      SANDBOX_FORK_URL: "http://127.0.0.1:9999",
      SANDBOX_BUILDER_ORDERING: "profit",
    });
    expect(parsed).toEqual({
      kind: "options",
      options: {
        host: "127.0.0.1",
        rpcPort: 9000,
        httpPort: 4000,
        blockTime: 0,
        token: "from-the-environment",
        fork: "http://127.0.0.1:9999",
        forkBlock: 12,
        builderOrdering: "profit",
        classroom: false,
      },
    });
  });

  it.each([
    [["--rpc-port", "99999"], "--rpc-port: must be a whole number from 0 to 65535"],
    [["--rpc-port", "eighty"], "--rpc-port: must be a whole number from 0 to 65535"],
    [
      ["--block-time=-1"],
      "--block-time: must be 0 (mine only on request) or a number of seconds from 1 to 3600",
    ],
    [
      ["--block-time", "0.0000001"],
      "--block-time: must be 0 (mine only on request) or a number of seconds from 1 to 3600",
    ],
    [
      ["--block-time", "3601"],
      "--block-time: must be 0 (mine only on request) or a number of seconds from 1 to 3600",
    ],
    [["--tls-cert", "cert.pem"], "--tls-cert: goes with --tls-key"],
    [["--colour"], "Unknown option '--colour'"],
    [["--http-port", "-"], "--http-port: must be a whole number from 0 to 65535"],
    [["--token", "short"], "--token: must be 8 to 128 printable characters without spaces"],
    [["--fork", "not a url"], "--fork: must be an http(s) or ws(s) JSON-RPC URL"],
    [["--fork-block", "12"], "--fork-block: needs --fork <rpc-url>"],
    [["--fork", "http://127.0.0.1:8545", "--fork-block", "1.5"], "--fork-block: must be a block number"],
    [["--builder-ordering", "fastest"], "--builder-ordering: must be gas-price or profit"],
    [["--builder-ordering"], "Option '--builder-ordering <value>' argument missing"],
  ])("rejects %j, saying what is accepted", (argv, message) => {
    const parsed = parseStartOptions(argv, {});
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toContain(message);
    expect(parsed.kind === "error" && parsed.message).toContain("Usage: npm start");
  });
});

describe("npm start banner", () => {
  const options: StartOptions = {
    host: "127.0.0.1",
    rpcPort: 8545,
    httpPort: 3000,
    blockTime: 12,
    builderOrdering: "gas-price",
    classroom: false,
  };

  it("prints the URLs and the token, and warns only when the servers leave localhost", () => {
    const local = renderServer("http://127.0.0.1:3000", "abc123abc123", options);
    expect(local).toContain("Visualizer  http://127.0.0.1:3000/");
    expect(local).toContain("Instructor token: abc123abc123");
    expect(local).not.toContain("WARNING");
    expect(local).toContain("Mode: solo (loopback)");
    const lan = renderServer("http://0.0.0.0:3000", "abc123abc123", {
      ...options,
      host: "0.0.0.0",
      classroom: true,
    });
    expect(lan).toContain("WARNING: listening on 0.0.0.0");
    expect(lan).toContain("PUBLIC test keys");
    expect(lan).toContain("Mode: CLASSROOM");
    expect(lan).toContain("add --tls-cert and --tls-key");
    expect(local).toContain("Data        in memory only (--data-dir :memory:)");
    const kept = renderServer(
      "http://127.0.0.1:3000",
      "abc123abc123",
      options,
      null,
      "/srv/class/sandbox.db",
    );
    expect(kept).toContain(
      "Data        /srv/class/sandbox.db   (runs, events and the audit chain, kept across restarts)",
    );
  });

  it("prints the protected URL with what it is, and the builder's ordering", () => {
    const lines = renderBuilder("http://127.0.0.1:8545/protect", "profit");
    expect(lines[0]).toMatch(
      /^ {2}Protected {2}http:\/\/127\.0\.0\.1:8545\/protect {3}\(.*out of the public mempool/,
    );
    expect(lines.join("\n")).toContain("ranked by profit");
    expect(renderBuilder("http://x/protect", "gas-price").join("\n")).toContain("ranked by gas price");
  });
});

const runStart = (args: string[]) => startScript("start.ts", args);

describe("npm start", () => {
  it("exits with code 2 and the usage on a bad option, before starting anything", async () => {
    const run = runStart(["--rpc-port", "70000"]);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain("--rpc-port: must be a whole number from 0 to 65535");
  });

  it("exits with code 2 naming a data dir it cannot use, before starting the chain", async () => {
    const run = runStart(["--data-dir", "/no/such/folder"]);
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain(
      "npm start: --data-dir: the data dir /no/such/folder does not exist: create it, or leave out --data-dir",
    );
    expect(run.output().stdout).not.toContain("Starting the chain");
  });

  it("serves the world over JSON-RPC and stops cleanly on Ctrl-C", async () => {
    const run = runStart([
      "--rpc-port",
      "0",
      "--http-port",
      "0",
      "--block-time",
      "0",
      "--builder-ordering",
      "profit",
      "--data-dir",
      ":memory:",
    ]);
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
    expect(stdout).toContain(`Protected  ${url}/protect`);

    const web = stdout.match(/Visualizer\s+(http:\/\/\S+)\//)?.[1];
    const token = stdout.match(/Instructor token: (\S+)/)?.[1];
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(((await (await fetch(`${web}/api/health`)).json()) as { status: string }).status).toBe("ok");
    const builder = (await (await fetch(`${web}/api/mev/builder`)).json()) as { ordering: string };
    expect(builder.ordering).toBe("profit");
    expect(await (await fetch(`${web}/`)).text()).toContain("MEV Sandbox");
    const refused = await fetch(`${web}/api/live/mine`, { method: "POST" });
    expect(refused.status).toBe(401);
    const mined = await fetch(`${web}/api/live/mine`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(mined.status).toBe(200);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  }, 120_000);
});
