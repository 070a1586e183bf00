/**
 * What the sandbox's DeFi world is made of. Change a number here and the whole world follows:
 * deployment, start-up table and scenarios all read this one description.
 */
import type { ActorName } from "./actors";

/** Oracle prices are US dollars with 8 decimals, as Chainlink's USD feeds. */
export const USD_DECIMALS = 8;
const usd = (dollars: bigint): bigint => dollars * 10n ** BigInt(USD_DECIMALS);

export interface TokenSpec {
  symbol: string;
  name: string;
  decimals: number;
  /** Starting price in USD, 8 decimals: feeds the oracle and sizes the pools. */
  priceUsd: bigint;
}

export const TOKENS = [
  { symbol: "WETH", name: "Wrapped Ether", decimals: 18, priceUsd: usd(2_000n) },
  { symbol: "USDC", name: "USD Coin", decimals: 6, priceUsd: usd(1n) },
  { symbol: "DAI", name: "Dai Stablecoin", decimals: 18, priceUsd: usd(1n) },
  { symbol: "WBTC", name: "Wrapped BTC", decimals: 8, priceUsd: usd(60_000n) },
] as const satisfies readonly TokenSpec[];

export type TokenSymbol = (typeof TOKENS)[number]["symbol"];

export interface DexSpec {
  id: string;
  name: string;
  /** Swap fee in basis points (30 = 0.30%, Uniswap V2's). */
  feeBps: bigint;
}

export const DEXES = [
  { id: "dexA", name: "DEX A", feeBps: 30n },
  { id: "dexB", name: "DEX B", feeBps: 25n },
] as const satisfies readonly DexSpec[];

export type DexId = (typeof DEXES)[number]["id"];

export interface PoolSpec {
  dex: DexId;
  tokens: readonly [TokenSymbol, TokenSymbol];
  /** Total value locked at start, in whole US dollars: half on each side at the oracle price. */
  liquidityUsd: bigint;
}

export const POOLS: readonly PoolSpec[] = [
  { dex: "dexA", tokens: ["WETH", "USDC"], liquidityUsd: 4_000_000n },
  { dex: "dexA", tokens: ["WETH", "DAI"], liquidityUsd: 2_000_000n },
  { dex: "dexA", tokens: ["WBTC", "WETH"], liquidityUsd: 2_000_000n },
  { dex: "dexA", tokens: ["WBTC", "USDC"], liquidityUsd: 2_000_000n },
  { dex: "dexA", tokens: ["USDC", "DAI"], liquidityUsd: 2_000_000n },
  { dex: "dexB", tokens: ["WETH", "USDC"], liquidityUsd: 2_000_000n },
  { dex: "dexB", tokens: ["WETH", "DAI"], liquidityUsd: 1_000_000n },
  { dex: "dexB", tokens: ["WBTC", "WETH"], liquidityUsd: 1_000_000n },
  { dex: "dexB", tokens: ["WBTC", "USDC"], liquidityUsd: 1_000_000n },
  { dex: "dexB", tokens: ["USDC", "DAI"], liquidityUsd: 1_000_000n },
];

export interface LendingAssetSpec {
  symbol: TokenSymbol;
  /** Loan-to-value: how much of the collateral's value may be borrowed (bps). */
  ltvBps: number;
  /** Above this share of the collateral's value in debt, the position can be liquidated (bps). */
  liquidationThresholdBps: number;
  /** What a liquidator receives per unit of debt repaid (bps, 10500 = +5%). */
  liquidationBonusBps: number;
}

/** Aave v3's Ethereum-market parameters, rounded. */
export const LENDING_ASSETS: readonly LendingAssetSpec[] = [
  { symbol: "WETH", ltvBps: 8000, liquidationThresholdBps: 8250, liquidationBonusBps: 10500 },
  { symbol: "WBTC", ltvBps: 7000, liquidationThresholdBps: 7500, liquidationBonusBps: 10650 },
  { symbol: "USDC", ltvBps: 7700, liquidationThresholdBps: 8000, liquidationBonusBps: 10450 },
  { symbol: "DAI", ltvBps: 6300, liquidationThresholdBps: 7700, liquidationBonusBps: 10500 },
];

/** What the liquidity provider lends in the lending pool at start, in whole tokens. */
export const LENDING_LIQUIDITY: Partial<Record<TokenSymbol, bigint>> = {
  USDC: 5_000_000n,
  DAI: 5_000_000n,
  WETH: 2_000n,
  WBTC: 50n,
};

/** Starting token balances of the actors, in whole tokens (the pool seeding comes on top for `lp`). */
export const FUNDING: Partial<Record<ActorName, Partial<Record<TokenSymbol, bigint>>>> = {
  alice: { WETH: 100n, USDC: 200_000n, DAI: 200_000n, WBTC: 2n },
  bob: { WETH: 500n, USDC: 1_000_000n, DAI: 200_000n, WBTC: 10n },
  searcher: { WETH: 1_000n, USDC: 2_000_000n, DAI: 1_000_000n, WBTC: 20n },
  arbitrageur: { WETH: 500n, USDC: 1_000_000n, DAI: 1_000_000n, WBTC: 10n },
  rival: { WETH: 500n, USDC: 1_000_000n, DAI: 1_000_000n, WBTC: 10n },
  borrower: { WETH: 50n },
  liquidator: { USDC: 500_000n, DAI: 500_000n, WETH: 100n },
};

/**
 * The arbitrageur keeps its trading capital inside its executor contract, so that one transaction
 * can run a whole cycle; in whole tokens.
 */
export const EXECUTOR_CAPITAL: Record<TokenSymbol, bigint> = {
  WETH: 200n,
  USDC: 400_000n,
  DAI: 400_000n,
  WBTC: 6n,
};

/** What the faucet gives a learner per drip, in whole tokens, and how often. */
export const FAUCET_DRIP: Record<TokenSymbol, bigint> = { WETH: 10n, USDC: 20_000n, DAI: 20_000n, WBTC: 1n };
export const FAUCET_COOLDOWN_SECONDS = 3_600n;

/** Whole tokens → base units: `amount · 10^decimals`. */
export function toBaseUnits(wholeTokens: bigint, decimals: number): bigint {
  return wholeTokens * 10n ** BigInt(decimals);
}

/** Base units of a token worth `dollars` at `priceUsd` (8 decimals), rounded down. */
export function baseUnitsWorth(dollars: bigint, token: TokenSpec): bigint {
  return (dollars * 10n ** BigInt(token.decimals + USD_DECIMALS)) / token.priceUsd;
}

export function tokenSpec(symbol: TokenSymbol): TokenSpec {
  const spec = TOKENS.find((t) => t.symbol === symbol);
  if (!spec) throw new Error(`unknown token ${symbol}`);
  return spec;
}
