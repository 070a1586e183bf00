/**
 * A child process of the class benchmark: N simulated students, each with its own key, socket and
 * JSON-RPC client, as a browser page would have. They join the class (time to join all), approve
 * the routers, then, on stdin "trade", send one swap after every block for `blocks` blocks, and note
 * when their page (socket) shows the block that holds their swap. Prints JSON lines: {joinedMs},
 * {approved}, then {outcomes: [{block, at}]} once done.
 */
import { performance } from "node:perf_hooks";
import { JsonRpcProvider, MaxUint256, Wallet } from "ethers";
import { io } from "socket.io-client";
import { AmmRouter__factory, TestToken__factory } from "../../typechain-types";

const [httpUrl, rpcUrl, countText, blocksText] = process.argv.slice(2);
const count = Number(countText);
const blocks = Number(blocksText);
const now = () => performance.timeOrigin + performance.now();
const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

interface World {
  tokens: { symbol: string; address: string }[];
  contracts: { name: string; address: string }[];
}

const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true, batchMaxCount: 1 });
const routerIface = AmmRouter__factory.createInterface();
const tokenIface = TestToken__factory.createInterface();
const students = Array.from({ length: count }, (_, i) => ({
  name: `s${i + 1}`,
  wallet: Wallet.createRandom(),
  nonce: 0,
  swaps: 0,
  lastBlock: -1,
}));

async function main(): Promise<void> {
  const world = (await (await fetch(`${httpUrl}/api/world`)).json()) as World;
  const address = (name: string) => world.contracts.find((c) => c.name === name)!.address;
  const weth = world.tokens.find((t) => t.symbol === "WETH")!.address;
  const usdc = world.tokens.find((t) => t.symbol === "USDC")!.address;
  const router = address("DEX A router");

  const start = now();
  await Promise.all(
    students.map(async (s) => {
      const response = await fetch(`${httpUrl}/api/students`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: s.name, address: s.wallet.address }),
      });
      if (response.status !== 201)
        throw new Error(`join ${s.name}: ${response.status} ${await response.text()}`);
    }),
  );
  write({ joinedMs: now() - start });

  const send = async (s: (typeof students)[number], to: string, data: string) => {
    const raw = await s.wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce: s.nonce++,
      to,
      data,
      gasLimit: 200_000n,
      maxFeePerGas: 100_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });
    return (await provider.send("eth_sendRawTransaction", [raw])) as string;
  };
  await Promise.all(
    students.map((s) => send(s, weth, tokenIface.encodeFunctionData("approve", [router, MaxUint256]))),
  );
  write({ approved: true });

  const sockets = students.map(() =>
    io(httpUrl!, { transports: ["websocket"], reconnection: false, forceNew: true }),
  );
  await Promise.all(
    sockets.map((socket) => new Promise((resolve) => socket.emit("run:join", { runId: "live" }, resolve))),
  );
  const pending = new Map<string, number>(); // tx hash → student index
  const outcomes: { block: number; at: number }[] = [];
  const firstAt = new Map<number, number>();
  let trading = false;
  sockets.forEach((socket, i) => {
    socket.on("block:mined", (event: { block: number; txs: { hash: string }[] }) => {
      if (!firstAt.has(event.block)) firstAt.set(event.block, now());
      for (const tx of event.txs) {
        if (pending.get(tx.hash) === i) {
          outcomes.push({ block: event.block, at: now() });
          pending.delete(tx.hash);
        }
      }
      // The next swap, after each block, until each has sent `blocks`.
      const s = students[i]!;
      if (trading && s.swaps < blocks && s.lastBlock !== event.block) {
        s.lastBlock = event.block;
        s.swaps += 1;
        const data = routerIface.encodeFunctionData("swapExactTokensForTokens", [
          10n ** 16n,
          0n,
          [weth, usdc],
          s.wallet.address,
          2n ** 40n,
        ]);
        // The next trade is the student's own later action: after every page has shown this block.
        setTimeout(() => void send(s, router, data).then((hash) => pending.set(hash, i)), 0);
      }
    });
  });
  await new Promise((resolve) => process.stdin.once("data", resolve));
  trading = true;
  while (outcomes.length < blocks * count) await new Promise((resolve) => setTimeout(resolve, 100));
  write({
    outcomes,
    firstAt: Object.fromEntries(firstAt),
    addresses: students.map((s) => ({ name: s.name, address: s.wallet.address })),
  });
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchStudents: ${String(error)}\n`);
  process.exit(1);
});
