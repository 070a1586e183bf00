/**
 * A challenge's standings, read from the chain: each student's holdings (ETH and the four tokens)
 * at the block before the challenge and at the block asked, the change, and that change valued at
 * the oracle prices of that block. Gas is part of the ETH change; `gasPaid` says how much of it.
 */
import type { BlockMined, Standing } from "../events";
import { valueInUsd } from "../math/price";
import type { TokenSymbol } from "../world/config";
import type { World } from "../world/types";

export interface Participant {
  name: string;
  address: string;
}

/** ETH first, then each token in the world's order: what a student holds at a block. */
export async function holdingsAt(world: World, address: string, block: number): Promise<Map<string, bigint>> {
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const [eth, ...tokens] = await Promise.all([
    world.chain.provider.getBalance(address, block),
    ...symbols.map((s) => world.tokens[s].contract.balanceOf(address, { blockTag: block })),
  ]);
  return new Map<string, bigint>([["ETH", eth!], ...symbols.map((s, i) => [s, tokens[i]!] as const)]);
}

/** Oracle prices at a block (USD, 8 decimals), ETH at the WETH price. */
export async function pricesAt(world: World, block: number): Promise<Map<string, bigint>> {
  const symbols = Object.keys(world.tokens) as TokenSymbol[];
  const answers = await Promise.all(
    symbols.map(async (s) => (await world.feeds[s].latestRoundData({ blockTag: block }))[1]),
  );
  const prices = new Map(symbols.map((s, i) => [s as string, answers[i]!]));
  prices.set("ETH", prices.get("WETH")!);
  return prices;
}

/** What each participant's transactions in these blocks paid in gas (wei), from the blocks' reports. */
export function gasPaidIn(
  blocks: readonly BlockMined[],
  participants: readonly Participant[],
): Map<string, bigint> {
  const paid = new Map(participants.map((p) => [p.address.toLowerCase(), 0n]));
  for (const block of blocks) {
    for (const tx of block.txs) {
      const from = tx.from.address.toLowerCase();
      const sum = paid.get(from);
      if (sum === undefined) continue;
      // What a transaction pays for gas: gas used × (base fee + its tip).
      paid.set(from, sum + BigInt(tx.gasUsed) * (BigInt(block.baseFeePerGas) + BigInt(tx.tip)));
    }
  }
  return paid;
}

/**
 * Each participant's standing at `block` against the block before `fromBlock`, best score first.
 * `gas` is what their transactions in the challenge's blocks paid in gas.
 */
export async function standingsAt(
  world: World,
  participants: readonly Participant[],
  fromBlock: number,
  block: number,
  gas: ReadonlyMap<string, bigint>,
): Promise<Standing[]> {
  const prices = await pricesAt(world, block);
  const decimalsOf = (symbol: string) =>
    symbol === "ETH" ? 18 : world.tokens[symbol as TokenSymbol].decimals;
  const standings = await Promise.all(
    participants.map(async ({ name, address }) => {
      const [before, after] = await Promise.all([
        holdingsAt(world, address, fromBlock - 1),
        holdingsAt(world, address, block),
      ]);
      const balanceChanges: Record<string, string> = {};
      let score = 0n;
      for (const [symbol, now] of after) {
        const change = now - before.get(symbol)!;
        balanceChanges[symbol] = change.toString();
        score += valueInUsd(change, decimalsOf(symbol), prices.get(symbol)!);
      }
      const gasPaid = (gas.get(address.toLowerCase()) ?? 0n).toString();
      return { name, address, balanceChanges, gasPaid, score: score.toString() };
    }),
  );
  return standings.sort((a, b) => compareScores(b.score, a.score) || a.name.localeCompare(b.name));
}

function compareScores(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x === y ? 0 : x < y ? -1 : 1;
}
