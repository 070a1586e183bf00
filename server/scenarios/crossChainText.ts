/**
 * The cross-chain scenario's narration, from the chains and the run's events: prices on both chains,
 * the path of the side chain's price while the funds were in flight, and the trade's result on both
 * chains, read from balances before and after.
 */
import type { CrossChainLink } from "../crosschain/link";
import { readPool, readTokenBalance, type Venue } from "../crosschain/venue";
import type {
  BlockMined,
  BridgeLocked,
  BridgeRelayed,
  BridgeReleased,
  CrossChainBlock,
  OpportunityFound,
  SandboxEvent,
} from "../events";
import { formatAmount, formatBps, formatToken, priceInQuoteUnits } from "../format";
import { wethToToken } from "../math/price";
import { orient } from "../world/market";

type Of<T extends SandboxEvent["type"]> = Extract<SandboxEvent, { type: T }>;

/** The run's events of one type, in order. */
export function eventsOf<T extends SandboxEvent["type"]>(events: readonly SandboxEvent[], type: T): Of<T>[] {
  return events.filter((e): e is Of<T> => e.type === type);
}

/** WETH's price on a venue's pool, in USDC base units, at the end of `blockTag` (the latest by default). */
export async function wethPriceOn(venue: Venue, blockTag?: number): Promise<bigint> {
  const { reserveIn, reserveOut } = orient(venue.pool, await readPool(venue, blockTag), "WETH");
  return priceInQuoteUnits(reserveIn, venue.tokens.WETH.decimals, reserveOut);
}

export function usdc(venue: Venue, amount: bigint, digits = 2): string {
  return formatToken(amount, venue.tokens.USDC, digits);
}

/** "+124.87 USDC", "−286.65 USDC": a change. */
export function signedUsdc(venue: Venue, amount: bigint): string {
  return `${amount > 0n ? "+" : amount < 0n ? "−" : ""}${usdc(venue, amount < 0n ? -amount : amount)}`;
}

export function weth(venue: Venue, amount: bigint, digits = 4): string {
  return formatToken(amount, venue.tokens.WETH, digits);
}

/** "1 WETH = 2,000.00 USDC on the main chain (DEX A WETH/USDC) and 2,100.00 USDC on the side chain (…)" */
export async function pricesText(link: CrossChainLink): Promise<string> {
  const [main, side] = await Promise.all([wethPriceOn(link.main), wethPriceOn(link.side)]);
  return (
    `1 WETH = ${usdc(link.main, main)} on the ${link.main.ref.name} (${link.main.pool.name}) and ` +
    `${usdc(link.side, side)} on the ${link.side.ref.name} (${link.side.pool.name})`
  );
}

/** "−1.23%": a signed change in basis points of `from`. */
function change(from: bigint, to: bigint): string {
  const bps = ((to - from) * 10_000n) / from;
  return `${bps > 0n ? "+" : bps < 0n ? "−" : ""}${formatBps(bps < 0n ? -bps : bps)}`;
}

/** What the side chain's price did between the relay and the release, block by block. */
export function flightText(
  link: CrossChainLink,
  events: readonly SandboxEvent[],
  relayed: BridgeRelayed,
  released: BridgeReleased,
): string {
  const blocks = eventsOf(events, "crosschain:block").filter(
    (b) => b.chain.id === released.chain.id && b.block >= relayed.block && b.block <= released.block,
  );
  const prices = blocks.map((b) => BigInt(b.price.amount));
  const path = blocks.map((b) => `#${b.block} ${usdc(link.side, BigInt(b.price.amount))}`);
  const first = prices[0]!;
  const last = prices.at(-1)!;
  return (
    `While its WETH was in flight, from the relay in block #${relayed.block} to the release in block #${released.block}, ` +
    `WETH's price on the ${released.chain.name} went ${path.length <= 8 ? path.join(" → ") : `${path[0]} → … → ${path.at(-1)}`} ` +
    `(${change(first, last)}), and the arbitrageur could do nothing about it`
  );
}

/** The arbitrageur's holdings on one chain: ETH, WETH, USDC, at the end of a block. */
interface Holdings {
  eth: bigint;
  weth: bigint;
  usdc: bigint;
}

async function holdingsAt(venue: Venue, trader: string, blockTag: number): Promise<Holdings> {
  const [eth, wethHeld, usdcHeld] = await Promise.all([
    venue.chain.provider.getBalance(trader, blockTag),
    readTokenBalance(venue, "WETH", trader, blockTag),
    readTokenBalance(venue, "USDC", trader, blockTag),
  ]);
  return { eth, weth: wethHeld, usdc: usdcHeld };
}

/** The result of the trade on both chains, between two blocks of each, read from the chains. */
export interface TradeResult {
  /** Per chain: holdings before and after. */
  chains: { venue: Venue; before: Holdings; after: Holdings }[];
  /** USDC gained over both chains, gas (ETH) valued in USDC at the main chain's price, and the net. */
  usdcGained: bigint;
  gasUsdc: bigint;
  net: bigint;
}

export async function tradeResult(
  link: CrossChainLink,
  trader: string,
  before: { main: number; side: number },
): Promise<TradeResult> {
  const chains = await Promise.all(
    (
      [
        [link.main, before.main],
        [link.side, before.side],
      ] as const
    ).map(async ([venue, block]) => ({
      venue,
      before: await holdingsAt(venue, trader, block),
      after: await holdingsAt(venue, trader, (await venue.chain.latestBlock()).number),
    })),
  );
  const usdcGained = chains.reduce((sum, c) => sum + c.after.usdc - c.before.usdc, 0n);
  const ethSpent = chains.reduce((sum, c) => sum + c.before.eth - c.after.eth, 0n);
  const { reserveIn, reserveOut } = orient(link.main.pool, await readPool(link.main), "WETH");
  const gasUsdc = wethToToken(ethSpent, reserveIn, reserveOut);
  return { chains, usdcGained, gasUsdc, net: usdcGained - gasUsdc };
}

/** "USDC 1,000,000 → 986,099.18 (−13,900.82)", or "WETH 500 (unchanged)" */
function holdingLine(symbol: string, from: bigint, to: bigint, decimals: number, digits: number): string {
  const show = (n: bigint) => formatAmount(n, decimals, digits);
  if (from === to) return `${symbol} ${show(from)} (unchanged)`;
  return `${symbol} ${show(from)} → ${show(to)} (${to > from ? "+" : "−"}${show(to > from ? to - from : from - to)})`;
}

/** "on the main chain: USDC 1,000,000 → 986,099.18 (−13,900.82), WETH 500 (unchanged), ETH …" */
export function holdingsText(result: TradeResult): string {
  return result.chains
    .map(({ venue, before, after }) => {
      const { USDC, WETH } = venue.tokens;
      return (
        `on the ${venue.ref.name}: ${holdingLine("USDC", before.usdc, after.usdc, USDC.decimals, 2)}, ` +
        `${holdingLine("WETH", before.weth, after.weth, WETH.decimals, 6)}, ${holdingLine("ETH", before.eth, after.eth, 18, 6)}`
      );
    })
    .join("; ");
}

/** The last block each chain mined in `events`. */
export function lastBlocks(events: readonly SandboxEvent[]): { main: number; side: number } {
  const main = eventsOf(events, "block:mined").at(-1) as BlockMined;
  const side = eventsOf(events, "crosschain:block").at(-1) as CrossChainBlock;
  return { main: main.block, side: side.block };
}

/** The bot's decision to trade, and the transfer its lock opened, if any. */
export function tradeEvents(events: readonly SandboxEvent[]): {
  found?: OpportunityFound;
  locked?: BridgeLocked;
  relayed?: BridgeRelayed;
  released?: BridgeReleased;
} {
  const locked = eventsOf(events, "bridge:locked")[0];
  const id = locked?.transferId;
  return {
    found: eventsOf(events, "opportunity:found")[0],
    locked,
    relayed: eventsOf(events, "bridge:relayed").find((e) => e.transferId === id),
    released: eventsOf(events, "bridge:released").find((e) => e.transferId === id),
  };
}
