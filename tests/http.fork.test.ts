import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { getCreateAddress, JsonRpcProvider, parseEther } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../server/sandbox";
import type { apiClient as ApiClient } from "./helpers/http";

/** A free loopback port (the OS picks it; it is closed again at once). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A second, plain Hardhat node in a child process: the chain the sandbox forks. */
async function startPlainNode(port: number): Promise<ChildProcess> {
  const env = { ...process.env };
  delete env.SANDBOX_FORK_URL;
  delete env.SANDBOX_FORK_BLOCK;
  const root = join(__dirname, "..");
  const child = spawn(
    process.execPath,
    [
      join(root, "node_modules/hardhat/internal/cli/cli.js"),
      "node",
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Started HTTP")) resolve();
    });
    child.stderr!.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => reject(new Error(`hardhat node exited (${code}): ${output}`)));
  });
  return child;
}

describe("fork mode", () => {
  let node: ChildProcess;
  let remote: JsonRpcProvider;
  let sandbox: Sandbox;
  let api: ReturnType<typeof ApiClient>;
  const recipient = "0x000000000000000000000000000000000000f00d";
  let admin: string;

  beforeAll(async () => {
    const port = await freePort();
    node = await startPlainNode(port);
    const url = `http://127.0.0.1:${port}`;
    remote = new JsonRpcProvider(url, undefined, { staticNetwork: true });
    const accounts = await remote.send("eth_accounts", []);
    admin = accounts[0];
    // Block 1: the recipient gets 1 ETH from the account that will deploy the world (its nonce 0 is
    // used up here, so the world cannot land at the addresses of a fresh chain). Block 2: 2 ETH more.
    await remote.send("eth_sendTransaction", [
      { from: admin, to: recipient, value: `0x${parseEther("1").toString(16)}` },
    ]);
    await remote.send("evm_mine", []);
    await remote.send("eth_sendTransaction", [
      { from: accounts[1], to: recipient, value: `0x${parseEther("2").toString(16)}` },
    ]);
    await remote.send("evm_mine", []);

    // As `npm start -- --fork <url> --fork-block 1` does: set before Hardhat loads its config.
    process.env.SANDBOX_FORK_URL = url;
    process.env.SANDBOX_FORK_BLOCK = "1";
    const { default: hre } = await import("hardhat");
    const { startTestSandbox, apiClient } = await import("./helpers/http");
    sandbox = await startTestSandbox(hre);
    api = apiClient(sandbox.http.url);
  });

  afterAll(async () => {
    await sandbox?.close();
    remote?.destroy();
    node?.kill();
  });

  it("runs on the forked state at the chosen block, with the world deployed on top", async () => {
    const { provider } = sandbox.chain;
    expect(await provider.getBalance(recipient)).toBe(parseEther("1")); // block 2's transfer is not in the fork
    expect(await remote.getBalance(recipient)).toBe(parseEther("3"));
    expect(await provider.getTransactionCount(admin, 1)).toBe(1);

    const world = (await api("GET", "/api/world")).body;
    expect(world.chainId).toBe("31337");
    expect(world.blockNumber).toBeGreaterThan(1);
    const firstFreshAddress = getCreateAddress({ from: admin, nonce: 0 });
    for (const contract of world.contracts as { name: string; address: string }[]) {
      expect(contract.address).toBe(sandbox.world.registry.byName(contract.name).address);
      expect(contract.address).not.toBe(firstFreshAddress);
      expect(await provider.getCode(contract.address), contract.name).not.toBe("0x");
      expect(await remote.getCode(contract.address), contract.name).toBe("0x"); // only in the fork
    }
  });

  it("plays a scenario on the fork", async () => {
    const created = await api("POST", "/api/runs", {
      body: { scenario: "sandwich" },
      token: "test-instructor-token",
    });
    expect(created.status).toBe(201);
    await api("POST", `/api/runs/${created.body.id}/play`, {
      body: { speed: 100 },
      token: "test-instructor-token",
    });
    const done = await sandbox.control.runs.settled(created.body.id);
    expect(done.status, JSON.stringify(done.error)).toBe("finished");
  });
});
