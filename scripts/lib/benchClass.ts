/**
 * The class benchmark (loopback): 100 simulated students (another process) join, then each sends one
 * swap per block for 20 blocks at a 2 s block time while 300 viewers are connected, during a
 * searcher challenge. Figures: the time to join all 100; the block build time (p50/p99); the delay
 * from a block mined to each student's page showing their swap's outcome (p99); and whether the final
 * standings sum to the balance changes read from the chain.
 */
import { performance } from "node:perf_hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { holdingsAt } from "../../server/classroom/standings";
import type { Standing } from "../../server/events";
import { startSandbox } from "../../server/sandbox";
import { child, sleep } from "./benchChild";

export interface ClassResult {
  students: number;
  joinMs: number;
  buildMs: number[];
  outcomeDelayMs: number[];
  /** Per block: mined → the first student's socket has it. */
  firstDeliveryMs: number[];
  standingsMatchChain: boolean;
}

const STUDENTS = 100;
const VIEWERS = 300;
const BLOCKS = 20;
const now = () => performance.timeOrigin + performance.now();

export async function benchClass(hre: HardhatRuntimeEnvironment): Promise<ClassResult> {
  // Solo mode: a class's students come from 100 addresses, these from one (classroom mode's
  // per-address shares would throttle them as one).
  const sandbox = await startSandbox(hre, {
    host: "127.0.0.1",
    rpcPort: 0,
    httpPort: 0,
    blockTime: 2,
    onError: (error) => process.stderr.write(`class bench: ${(error as Error).stack ?? String(error)}\n`),
  });
  const buildMs: number[] = [];
  const produce = sandbox.builder.produceBlock.bind(sandbox.builder);
  sandbox.builder.produceBlock = async (mineAt) => {
    const start = performance.now();
    try {
      return await produce(mineAt);
    } finally {
      buildMs.push(performance.now() - start);
    }
  };
  const minedAt = new Map<number, number>();
  sandbox.clean.bus.on((event) => {
    if (event.type === "block:mined" && event.runId === "live") minedAt.set(event.block, now());
  });
  try {
    const viewers = child("benchViewers.ts", [sandbox.http.url, String(VIEWERS)]);
    if ((await viewers.line(0)) !== "ready") throw new Error("class bench: the viewers did not join");
    const students = child("benchStudents.ts", [
      sandbox.http.url,
      sandbox.rpc.url,
      String(STUDENTS),
      String(BLOCKS),
    ]);
    const { joinedMs } = JSON.parse(await students.line(0)) as { joinedMs: number };
    await students.line(1); // approvals sent
    await sleep(4_500); // two blocks: the approvals are mined
    const challenge = await sandbox.control.classroom.challenges.start(
      "searcher",
      { tradesPerBlock: 1 },
      BLOCKS,
    );
    buildMs.length = 0;
    students.proc.stdin.write("trade\n");
    const done = JSON.parse(await students.line(2)) as {
      outcomes: { block: number; at: number }[];
      firstAt: Record<string, number>;
      addresses: { name: string; address: string }[];
    };
    const outcomeDelayMs = done.outcomes.map((o) => o.at - minedAt.get(o.block)!);
    // The first student's socket: how fast the server delivers, apart from 100 pages sharing 2 cores.
    const firstDeliveryMs = Object.entries(done.firstAt).map(
      ([block, at]) => at - minedAt.get(Number(block))!,
    );
    while (sandbox.control.classroom.challenges.view(challenge.id).status !== "finished") await sleep(200);
    const view = sandbox.control.classroom.challenges.view(challenge.id);
    viewers.proc.stdin.write("done\n");
    return {
      students: STUDENTS,
      joinMs: joinedMs,
      buildMs: [...buildMs],
      outcomeDelayMs,
      firstDeliveryMs,
      standingsMatchChain: await standingsMatchChain(sandbox, view.standings, view.fromBlock, view.toBlock!),
    };
  } finally {
    await sandbox.close();
  }
}

/** Whether the standings' balance changes, summed per symbol, equal the changes read from the chain. */
async function standingsMatchChain(
  sandbox: Awaited<ReturnType<typeof startSandbox>>,
  standings: readonly Standing[],
  fromBlock: number,
  toBlock: number,
): Promise<boolean> {
  const fromStandings = new Map<string, bigint>();
  const fromChain = new Map<string, bigint>();
  for (const standing of standings) {
    const [before, after] = await Promise.all([
      holdingsAt(sandbox.world, standing.address, fromBlock - 1),
      holdingsAt(sandbox.world, standing.address, toBlock),
    ]);
    for (const [symbol, now] of after) {
      fromChain.set(symbol, (fromChain.get(symbol) ?? 0n) + now - before.get(symbol)!);
      fromStandings.set(symbol, (fromStandings.get(symbol) ?? 0n) + BigInt(standing.balanceChanges[symbol]!));
    }
  }
  return [...fromChain].every(([symbol, sum]) => fromStandings.get(symbol) === sum);
}
