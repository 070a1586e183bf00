import type { Signer } from "ethers";
import type {
  AmmFactory,
  AmmPair,
  AmmRouter,
  ArbitrageExecutor,
  Faucet,
  FlashLiquidator,
  LendingPool,
  PriceFeed,
  TestToken,
} from "../../typechain-types";
import type { Chain } from "../chain/chain";
import type { ActorName } from "./actors";
import type { DexId, DexSpec, TokenSpec, TokenSymbol } from "./config";
import type { Registry } from "./registry";

export interface Actor {
  name: ActorName;
  address: string;
  role: string;
  signer: Signer;
}

export interface TokenHandle extends TokenSpec {
  symbol: TokenSymbol;
  address: string;
  contract: TestToken;
}

export interface DexHandle extends DexSpec {
  id: DexId;
  factory: AmmFactory;
  router: AmmRouter;
}

export interface PoolHandle {
  /** "DEX A WETH/USDC": the label learners see. */
  name: string;
  dex: DexId;
  address: string;
  pair: AmmPair;
  /** The pair's token0 and token1 (sorted by address, as in Uniswap V2). */
  token0: TokenSymbol;
  token1: TokenSymbol;
  feeBps: bigint;
  /** Prices read "1 base = x quote" (the order the world's pool list names the pair in). */
  base: TokenSymbol;
  quote: TokenSymbol;
}

/** Everything `deployWorld` made, with typed contract handles and the name registry. */
export interface World {
  chain: Chain;
  registry: Registry;
  actors: Record<ActorName, Actor>;
  tokens: Record<TokenSymbol, TokenHandle>;
  faucet: Faucet;
  dexes: Record<DexId, DexHandle>;
  pools: PoolHandle[];
  feeds: Record<TokenSymbol, PriceFeed>;
  lendingPool: LendingPool;
  arbitrageExecutor: ArbitrageExecutor;
  /** The rival searcher's executor: same contract, its own capital (auction scenarios). */
  rivalExecutor: ArbitrageExecutor;
  flashLiquidator: FlashLiquidator;
  /** Contracts whose balances count as an actor's own (a searcher's executor holds its capital). */
  ownedContracts: Partial<Record<ActorName, string[]>>;
}
