/**
 * The MEV inspector: labels a mined block from its receipts and logs alone, as any analyst could
 * on any chain. It does not know who the bots are. It reads only standard events (Uniswap V2
 * `Swap`/`Sync`/`Mint`/`Burn` and the pair's LP-token `Transfer`, Aave v3 `LiquidationCall`, a
 * lender's ERC-3156 `FlashLoan` and the token `Transfer`s around a pair's swap) and makes read-only calls anyone can make: a pool's
 * tokens, a token's symbol and decimals, the lending pool's oracle prices, and `eth_call` replays
 * at the parent block. The registry only puts names on addresses.
 *
 * This file is the thin part that talks to the chain; the rules are in `classify.ts`, the
 * sentences in `explain.ts`.
 */
import { Contract, getAddress, type Provider } from "ethers";
import type { MinedBlock } from "../engine/bot";
import type { EventDraft, FlashLoanTaken, MevClassified } from "../events";
import { shortAddress } from "../format";
import type { World } from "../world/types";
import { classifyBlock, type Finding, type SandwichFinding } from "./classify";
import { type Counterfactual, exactInputPath, hopOutputFromAmounts, quoteOnReserves } from "./counterfactual";
import { classificationEvent, type InspectionFacts, priceKey, type TokenInfo } from "./explain";
import { decodeFlashLoans, flashLoanEvent, withSwapFee } from "./flashLoans";
import { decodeLiquidity } from "./liquidity";
import {
  type DecodedSwap,
  decodeLiquidations,
  decodeSwaps,
  type PoolTokens,
  type Reserves,
  swapEmitters,
} from "./logs";
import { type ReceiptBasis, reservesBeforeDeposit, targetedSwap, victimReceiptOf } from "./receipt";

const POOL_ABI = [
  "function token0() view returns (address)",
  "function token1() view returns (address)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function swapFeeBps() view returns (uint256)",
];
const ERC20_ABI = ["function symbol() view returns (string)", "function decimals() view returns (uint8)"];
const LENDING_POOL_ABI = ["function getAssetPrice(address asset) view returns (uint256)"];

/** Uniswap V2's fee, for pools that do not say theirs (V2 pairs have no fee getter). */
const DEFAULT_FEE_BPS = 30n;

/** Memoizes an async lookup by key; the promise is cached so concurrent lookups share one call. */
function memoize<T>(lookup: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) {
      value = lookup(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** Read-only chain calls of the inspector, with the answers that never change cached. */
export class ChainReader {
  constructor(private readonly provider: Provider) {}

  /** A pool's tokens, or null if the address does not answer `token0()`/`token1()` (not a V2 pool). */
  readonly poolTokens = memoize(async (pool): Promise<PoolTokens | null> => {
    const pair = new Contract(pool, POOL_ABI, this.provider);
    try {
      const [token0, token1] = (await Promise.all([pair.token0!(), pair.token1!()])) as [string, string];
      return { token0: getAddress(token0), token1: getAddress(token1) };
    } catch {
      return null;
    }
  });

  /** A token's symbol and decimals; a token that does not say gets its short address and 18. */
  readonly token = memoize(async (address): Promise<TokenInfo> => {
    const token = new Contract(address, ERC20_ABI, this.provider);
    const [symbol, decimals] = await Promise.all([
      token.symbol!().catch(() => shortAddress(address)) as Promise<string>,
      token.decimals!().catch(() => 18n) as Promise<bigint>,
    ]);
    return { symbol, decimals: Number(decimals) };
  });

  /** A pool's swap fee in bps: our pairs' `swapFeeBps()`, or Uniswap V2's 30 when it has none. */
  readonly swapFeeBps = memoize(async (pool): Promise<bigint> => {
    const pair = new Contract(pool, POOL_ABI, this.provider);
    return (pair.swapFeeBps!() as Promise<bigint>).catch(() => DEFAULT_FEE_BPS);
  });

  async reserves(pool: string, blockTag: number): Promise<Reserves> {
    const pair = new Contract(pool, POOL_ABI, this.provider);
    const [reserve0, reserve1] = (await pair.getReserves!({ blockTag })) as [bigint, bigint];
    return { reserve0, reserve1 };
  }

  async assetPrice(lendingPool: string, asset: string, blockTag: number): Promise<bigint> {
    const pool = new Contract(lendingPool, LENDING_POOL_ABI, this.provider);
    return (await pool.getAssetPrice!(asset, { blockTag })) as bigint;
  }

  /** Pool address → tokens, for every pool that emitted a Swap in these receipts and is V2-like. */
  async poolTokensOf(block: MinedBlock): Promise<Map<string, PoolTokens>> {
    const pools = swapEmitters(block.receipts);
    const tokens = await Promise.all(pools.map((pool) => this.poolTokens(pool)));
    return new Map(pools.flatMap((pool, i) => (tokens[i] ? [[pool, tokens[i]] as const] : [])));
  }

  /**
   * A sandwich victim's output on the state before the attack: its transaction replayed with
   * `eth_call` at the parent block if it is a router exact-input swap, else its input quoted on the
   * pool's reserves before the front-run (see counterfactual.ts).
   */
  async counterfactual(
    victim: DecodedSwap,
    front: DecodedSwap,
    parentBlock: number,
  ): Promise<Counterfactual> {
    const replayed = await this.replay(victim, parentBlock);
    if (replayed !== undefined) return { amountOut: replayed, method: "replayed" };
    const reserves = front.reservesBefore ?? (await this.reserves(front.pool, parentBlock));
    const tokens = await this.poolTokens(front.pool);
    const fee = await this.swapFeeBps(front.pool);
    return { amountOut: quoteOnReserves(victim, reserves, tokens!, fee), method: "quoted" };
  }

  private async replay(victim: DecodedSwap, parentBlock: number): Promise<bigint | undefined> {
    const tx = await this.provider.getTransaction(victim.txHash);
    const path = tx && exactInputPath(tx.data);
    if (!tx?.to || !path) return undefined;
    try {
      const returnData = await this.provider.call({
        from: tx.from,
        to: tx.to,
        data: tx.data,
        value: tx.value,
        blockTag: parentBlock,
      });
      return hopOutputFromAmounts(path, returnData, victim);
    } catch {
      // the trade needed something of this block (an approval, a deposit): quote it instead
      return undefined;
    }
  }
}

const readers = new WeakMap<World, ChainReader>();

function readerFor(world: World): ChainReader {
  let reader = readers.get(world);
  if (!reader) {
    reader = new ChainReader(world.chain.provider);
    readers.set(world, reader);
  }
  return reader;
}

/** Every token a finding names: the explanation shows each with its symbol and decimals. */
function tokensOf(finding: Finding): string[] {
  if (finding.kind === "arbitrage") return finding.hops.flatMap((hop) => [hop.tokenIn, hop.tokenOut]);
  if (finding.kind === "sandwich") return [finding.front.tokenIn, finding.front.tokenOut];
  if (finding.kind === "jit") return finding.swaps.flatMap((swap) => [swap.tokenIn, swap.tokenOut]);
  if (finding.kind === "backrun")
    return [finding.target, ...finding.arbitrage.hops].flatMap((swap) => [swap.tokenIn, swap.tokenOut]);
  const { liquidation, swaps } = finding;
  return [
    liquidation.collateralAsset,
    liquidation.debtAsset,
    ...swaps.flatMap((swap) => [swap.tokenIn, swap.tokenOut]),
  ];
}

/** Reads from the chain what the explanations need: tokens, victims' counterfactuals, oracle prices. */
async function gatherFacts(
  findings: readonly Finding[],
  block: MinedBlock,
  reader: ChainReader,
  world: World,
): Promise<InspectionFacts> {
  const tokenAddresses = [...new Set(findings.flatMap(tokensOf))];
  const sandwiches = findings.filter((f): f is SandwichFinding => f.kind === "sandwich");
  const victims = sandwiches.flatMap((s) => s.victims.map((victim) => ({ victim, front: s.front })));
  const priced = findings.flatMap((f) =>
    f.kind === "liquidation"
      ? [f.liquidation.collateralAsset, f.liquidation.debtAsset].map((asset) => ({
          pool: f.liquidation.pool,
          asset,
        }))
      : [],
  );
  const jitPools = [...new Set(findings.flatMap((f) => (f.kind === "jit" ? [f.pool] : [])))];
  const [tokens, counterfactuals, prices, pools] = await Promise.all([
    Promise.all(tokenAddresses.map((address) => reader.token(address))),
    Promise.all(victims.map(({ victim, front }) => reader.counterfactual(victim, front, block.number - 1))),
    Promise.all(priced.map(({ pool, asset }) => reader.assetPrice(pool, asset, block.number))),
    Promise.all(
      jitPools.map(async (pool) => ({
        tokens: (await reader.poolTokens(pool))!,
        feeBps: await reader.swapFeeBps(pool),
      })),
    ),
  ]);
  return {
    label: (address) => world.registry.label(address),
    tokens: new Map(tokenAddresses.map((address, i) => [address, tokens[i]!])),
    counterfactuals: new Map(victims.map(({ victim }, i) => [victim.txHash, counterfactuals[i]!])),
    prices: new Map(priced.map(({ pool, asset }, i) => [priceKey(pool, asset), prices[i]!])),
    pools: new Map(jitPools.map((pool, i) => [pool, pools[i]!])),
  };
}

/**
 * Labels the MEV in a mined block: arbitrages, sandwiches (with each victim's loss against the
 * pre-attack state), JIT liquidity (with the provider's fee share), back-runs (an arbitrage right
 * after the swap it answers) and liquidations, ordered by first transaction index, then kind.
 */
export async function inspectBlock(block: MinedBlock, world: World): Promise<EventDraft<MevClassified>[]> {
  const reader = readerFor(world);
  const poolTokens = await reader.poolTokensOf(block);
  const swaps = block.receipts.flatMap((receipt) => decodeSwaps(receipt, poolTokens));
  const liquidations = block.receipts.flatMap((receipt) => decodeLiquidations(receipt));
  const liquidity = block.receipts.flatMap((receipt) => decodeLiquidity(receipt, poolTokens));
  const findings = classifyBlock(swaps, liquidations, liquidity);
  if (findings.length === 0) return [];
  const facts = await gatherFacts(findings, block, reader, world);
  return Promise.all(
    findings.map((finding) =>
      withReceipt(classificationEvent(finding, block.number, facts), finding, block, reader, facts),
    ),
  );
}

/** The pool a finding's victim traded in, as it was before the attack (see receipt.ts). */
async function receiptBasis(
  finding: Finding,
  swap: DecodedSwap,
  before: string,
  block: MinedBlock,
  reader: ChainReader,
): Promise<ReceiptBasis> {
  const pool = finding.kind === "sandwich" ? finding.front : swap;
  const reserves =
    reservesBeforeDeposit(finding) ??
    pool.reservesBefore ??
    (await reader.reserves(pool.pool, block.number - 1));
  const [tokens, feeBps] = await Promise.all([reader.poolTokens(pool.pool), reader.swapFeeBps(pool.pool)]);
  return { reserves, tokens: tokens!, feeBps, before };
}

/** The event with its victim's receipt, when it names a victim whose transaction is in the block. */
async function withReceipt(
  event: EventDraft<MevClassified>,
  finding: Finding,
  block: MinedBlock,
  reader: ChainReader,
  facts: InspectionFacts,
): Promise<EventDraft<MevClassified>> {
  const target = targetedSwap(finding);
  const receipt = target && block.receipts.find((r) => r.hash === target.swap.txHash);
  if (!target || !receipt || !event.victim) return event;
  const basis = await receiptBasis(finding, target.swap, target.before, block, reader);
  const gas = { gasUsed: receipt.gasUsed, gasPrice: receipt.gasPrice };
  const victimReceipt = victimReceiptOf(event, target.swap, basis, gas, facts);
  return victimReceipt ? { ...event, victimReceipt } : event;
}

/**
 * The flash loans a block's transactions took (ERC-3156 loans and V2 flash swaps), each with its
 * lender, amount and fee, in block order.
 */
export async function inspectFlashLoans(
  block: MinedBlock,
  world: World,
): Promise<EventDraft<FlashLoanTaken>[]> {
  const reader = readerFor(world);
  const loans = decodeFlashLoans(block.receipts, await reader.poolTokensOf(block));
  const addresses = [...new Set(loans.flatMap((loan) => [loan.token, loan.repaidToken]))];
  const infos = await Promise.all(addresses.map((address) => reader.token(address)));
  const facts = {
    label: (address: string) => world.registry.label(address),
    tokens: new Map(addresses.map((address, i) => [address, infos[i]!])),
  };
  return Promise.all(
    loans.map(async (loan) => {
      if (loan.fee !== undefined) return flashLoanEvent({ ...loan, fee: loan.fee }, block.number, facts);
      const feeBps = await reader.swapFeeBps(loan.lender);
      return flashLoanEvent(withSwapFee(loan, feeBps), block.number, facts, feeBps);
    }),
  );
}

/** Everything the inspector says of a mined block: its MEV labels, then the flash loans taken in it. */
export async function labelBlock(
  block: MinedBlock,
  world: World,
): Promise<EventDraft<MevClassified | FlashLoanTaken>[]> {
  return [...(await inspectBlock(block, world)), ...(await inspectFlashLoans(block, world))];
}

export { classifyBlock, type Finding } from "./classify";
export { type DecodedSwap, decodeSwaps } from "./logs";
