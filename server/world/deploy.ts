/**
 * Deploys the sandbox's DeFi world on a fresh chain: tokens and faucet, two DEXes with seeded
 * pools, oracle feeds, the lending pool, the searchers' contracts, and funded actors.
 *
 * Deterministic: the same accounts send the same transactions in the same order, so every
 * contract lands at the same address on every run.
 */
import { MaxUint256, type Signer } from "ethers";
import {
  AmmFactory__factory,
  type AmmPair,
  AmmPair__factory,
  AmmRouter__factory,
  ArbitrageExecutor__factory,
  Faucet__factory,
  FlashLiquidator__factory,
  LendingPool__factory,
  PriceFeed__factory,
  TestToken__factory,
  WETH__factory,
} from "../../typechain-types";
import type { Chain } from "../chain/chain";
import { ACTOR_NAMES, ACTORS, type ActorName, hardhatAccount } from "./actors";
import {
  baseUnitsWorth,
  DEXES,
  type DexId,
  EXECUTOR_CAPITAL,
  FAUCET_COOLDOWN_SECONDS,
  FAUCET_DRIP,
  FUNDING,
  LENDING_ASSETS,
  LENDING_LIQUIDITY,
  POOLS,
  TOKENS,
  type TokenSymbol,
  toBaseUnits,
  USD_DECIMALS,
} from "./config";
import { Registry } from "./registry";
import type { Actor, DexHandle, PoolHandle, TokenHandle, World } from "./types";

/** Deadline for the seeding transactions: far in the future (the chain's clock starts in 2026). */
const FAR_DEADLINE = 2n ** 40n;

/** Deploys the whole world and returns typed handles to it. Takes about a second in-process. */
export async function deployWorld(chain: Chain): Promise<World> {
  const registry = new Registry();
  const actors = await namedActors(chain, registry);
  const admin = actors.admin.signer;

  const tokens = await deployTokens(chain, admin, registry);
  const faucet = await deployFaucet(chain, admin, tokens, registry);
  const { dexes, pools } = await deployDexes(chain, admin, tokens, registry);
  const { feeds, lendingPool } = await deployLending(chain, admin, tokens, registry);

  await fundActors(chain, admin, tokens, actors);
  await seedPools(chain, actors.lp.signer, tokens, dexes);
  await seedLending(chain, actors.lp.signer, tokens, lendingPool);

  const arbitrageExecutor = await chain.deployed(
    new ArbitrageExecutor__factory(actors.arbitrageur.signer).deploy(actors.arbitrageur.address),
  );
  registry.add("arbitrage executor", await arbitrageExecutor.getAddress(), "searcher-contract");
  await fundExecutor(chain, admin, tokens, await arbitrageExecutor.getAddress());
  const flashLiquidator = await chain.deployed(
    new FlashLiquidator__factory(actors.liquidator.signer).deploy(
      actors.liquidator.address,
      await lendingPool.getAddress(),
    ),
  );
  registry.add("flash liquidator", await flashLiquidator.getAddress(), "searcher-contract");

  await approveSearchers(chain, tokens, dexes, actors, await lendingPool.getAddress());
  // Deployed last, so every address above stays what it was before the rival joined.
  const rivalExecutor = await chain.deployed(
    new ArbitrageExecutor__factory(actors.rival.signer).deploy(actors.rival.address),
  );
  registry.add("rival executor", await rivalExecutor.getAddress(), "searcher-contract");
  await fundExecutor(chain, admin, tokens, await rivalExecutor.getAddress());
  const ownedContracts = {
    arbitrageur: [await arbitrageExecutor.getAddress()],
    rival: [await rivalExecutor.getAddress()],
    liquidator: [await flashLiquidator.getAddress()],
  };
  return {
    chain,
    registry,
    actors,
    tokens,
    faucet,
    dexes,
    pools,
    feeds,
    lendingPool,
    arbitrageExecutor,
    rivalExecutor,
    flashLiquidator,
    ownedContracts,
  };
}

async function namedActors(chain: Chain, registry: Registry): Promise<Record<ActorName, Actor>> {
  const entries = await Promise.all(
    ACTOR_NAMES.map(async (name): Promise<[ActorName, Actor]> => {
      const { address } = hardhatAccount(ACTORS[name].index);
      return [name, { name, address, role: ACTORS[name].role, signer: await chain.signer(address) }];
    }),
  );
  for (const [name, actor] of entries) registry.add(name, actor.address, "actor");
  return Object.fromEntries(entries) as Record<ActorName, Actor>;
}

async function deployTokens(
  chain: Chain,
  admin: Signer,
  registry: Registry,
): Promise<Record<TokenSymbol, TokenHandle>> {
  const owner = await admin.getAddress();
  const handles = {} as Record<TokenSymbol, TokenHandle>;
  for (const spec of TOKENS) {
    const contract =
      spec.symbol === "WETH"
        ? await chain.deployed(new WETH__factory(admin).deploy(owner))
        : await chain.deployed(
            new TestToken__factory(admin).deploy(spec.name, spec.symbol, spec.decimals, owner),
          );
    const address = await contract.getAddress();
    registry.add(spec.symbol, address, "token");
    handles[spec.symbol] = { ...spec, address, contract: TestToken__factory.connect(address, admin) };
  }
  return handles;
}

async function deployFaucet(
  chain: Chain,
  admin: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  registry: Registry,
) {
  const faucet = await chain.deployed(
    new Faucet__factory(admin).deploy(await admin.getAddress(), FAUCET_COOLDOWN_SECONDS),
  );
  const faucetAddress = await faucet.getAddress();
  registry.add("faucet", faucetAddress, "faucet");
  await chain.minedBatch(
    Object.values(tokens).flatMap((token) => [
      () => token.contract.setMinter(faucetAddress, true),
      () =>
        faucet.listToken(
          token.address,
          toBaseUnits(FAUCET_DRIP[token.symbol as TokenSymbol], token.decimals),
        ),
    ]),
  );
  return faucet;
}

async function deployDexes(
  chain: Chain,
  admin: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  registry: Registry,
) {
  const dexes = {} as Record<DexId, DexHandle>;
  for (const spec of DEXES) {
    const factory = await chain.deployed(new AmmFactory__factory(admin).deploy(spec.name, spec.feeBps));
    const router = await chain.deployed(new AmmRouter__factory(admin).deploy(await factory.getAddress()));
    registry.add(spec.name, await factory.getAddress(), "dex");
    registry.add(`${spec.name} router`, await router.getAddress(), "router");
    dexes[spec.id] = { ...spec, factory, router };
  }

  const pools: PoolHandle[] = [];
  await chain.minedBatch(
    POOLS.map(
      (pool) => () =>
        dexes[pool.dex].factory.createPair(tokens[pool.tokens[0]].address, tokens[pool.tokens[1]].address),
    ),
  );
  for (const spec of POOLS) {
    const dex = dexes[spec.dex];
    const address = await dex.factory.getPair(tokens[spec.tokens[0]].address, tokens[spec.tokens[1]].address);
    const pair: AmmPair = AmmPair__factory.connect(address, admin);
    const token0Address = await pair.token0();
    const [symbolA, symbolB] = spec.tokens;
    const [token0, token1] =
      token0Address === tokens[symbolA].address ? [symbolA, symbolB] : [symbolB, symbolA];
    const name = `${dex.name} ${symbolA}/${symbolB}`;
    registry.add(name, address, "pool");
    pools.push({
      name,
      dex: spec.dex,
      address,
      pair,
      token0,
      token1,
      feeBps: dex.feeBps,
      base: symbolA,
      quote: symbolB,
    });
  }
  return { dexes, pools };
}

async function deployLending(
  chain: Chain,
  admin: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  registry: Registry,
) {
  const owner = await admin.getAddress();
  const feeds = {} as World["feeds"];
  for (const spec of TOKENS) {
    const feed = await chain.deployed(
      new PriceFeed__factory(admin).deploy(USD_DECIMALS, `${spec.symbol} / USD`, spec.priceUsd, owner),
    );
    registry.add(`${spec.symbol}/USD feed`, await feed.getAddress(), "oracle");
    feeds[spec.symbol] = feed;
  }
  const lendingPool = await chain.deployed(new LendingPool__factory(admin).deploy(owner));
  registry.add("lending pool", await lendingPool.getAddress(), "lending");
  await chain.minedBatch(
    LENDING_ASSETS.map(
      (asset) => async () =>
        lendingPool.listAsset(
          tokens[asset.symbol].address,
          await feeds[asset.symbol].getAddress(),
          asset.ltvBps,
          asset.liquidationThresholdBps,
          asset.liquidationBonusBps,
        ),
    ),
  );
  return { feeds, lendingPool };
}

/** What the liquidity provider needs: every pool's two sides plus its lending deposit. */
function lpNeeds(tokens: Record<TokenSymbol, TokenHandle>): Record<TokenSymbol, bigint> {
  const needs = Object.fromEntries(TOKENS.map((t) => [t.symbol, 0n])) as Record<TokenSymbol, bigint>;
  for (const pool of POOLS) {
    for (const symbol of pool.tokens) needs[symbol] += baseUnitsWorth(pool.liquidityUsd / 2n, tokens[symbol]);
  }
  for (const [symbol, amount] of Object.entries(LENDING_LIQUIDITY) as [TokenSymbol, bigint][]) {
    needs[symbol] += toBaseUnits(amount, tokens[symbol].decimals);
  }
  return needs;
}

async function fundActors(
  chain: Chain,
  admin: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  actors: Record<ActorName, Actor>,
): Promise<void> {
  const mints: (() => Promise<{ hash: string }>)[] = [];
  for (const [symbol, amount] of Object.entries(lpNeeds(tokens)) as [TokenSymbol, bigint][]) {
    mints.push(() => tokens[symbol].contract.connect(admin).mint(actors.lp.address, amount));
  }
  for (const [name, balances] of Object.entries(FUNDING) as [ActorName, Record<TokenSymbol, bigint>][]) {
    for (const [symbol, whole] of Object.entries(balances) as [TokenSymbol, bigint][]) {
      const amount = toBaseUnits(whole, tokens[symbol].decimals);
      mints.push(() => tokens[symbol].contract.connect(admin).mint(actors[name].address, amount));
    }
  }
  await chain.minedBatch(mints);
}

/**
 * The searchers' standing approvals, as any searcher sets up once: the sandwich searcher lets both
 * routers move its tokens, the liquidator lets the lending pool pull repayments.
 */
async function approveSearchers(
  chain: Chain,
  tokens: Record<TokenSymbol, TokenHandle>,
  dexes: Record<DexId, DexHandle>,
  actors: Record<ActorName, Actor>,
  lendingPool: string,
): Promise<void> {
  const spenders: [Actor, string][] = [
    ...(await Promise.all(
      Object.values(dexes).map(
        async (dex) => [actors.searcher, await dex.router.getAddress()] as [Actor, string],
      ),
    )),
    [actors.liquidator, lendingPool],
  ];
  await chain.minedBatch(
    spenders.flatMap(([actor, spender]) =>
      Object.values(tokens).map(
        (token) => () => token.contract.connect(actor.signer).approve(spender, MaxUint256),
      ),
    ),
  );
}

async function fundExecutor(
  chain: Chain,
  admin: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  executor: string,
): Promise<void> {
  await chain.minedBatch(
    (Object.entries(EXECUTOR_CAPITAL) as [TokenSymbol, bigint][]).map(
      ([symbol, whole]) =>
        () =>
          tokens[symbol].contract.connect(admin).mint(executor, toBaseUnits(whole, tokens[symbol].decimals)),
    ),
  );
}

async function seedPools(
  chain: Chain,
  lp: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  dexes: Record<DexId, DexHandle>,
): Promise<void> {
  const lpAddress = await lp.getAddress();
  await chain.minedBatch(
    Object.values(dexes).flatMap((dex) =>
      Object.values(tokens).map(
        (token) => async () => token.contract.connect(lp).approve(await dex.router.getAddress(), MaxUint256),
      ),
    ),
  );
  await chain.minedBatch(
    POOLS.map((pool) => () => {
      const [a, b] = pool.tokens.map((symbol) => tokens[symbol]) as [TokenHandle, TokenHandle];
      const amountA = baseUnitsWorth(pool.liquidityUsd / 2n, a);
      const amountB = baseUnitsWorth(pool.liquidityUsd / 2n, b);
      return dexes[pool.dex].router
        .connect(lp)
        .addLiquidity(a.address, b.address, amountA, amountB, amountA, amountB, lpAddress, FAR_DEADLINE);
    }),
  );
}

async function seedLending(
  chain: Chain,
  lp: Signer,
  tokens: Record<TokenSymbol, TokenHandle>,
  lendingPool: World["lendingPool"],
): Promise<void> {
  const lpAddress = await lp.getAddress();
  const poolAddress = await lendingPool.getAddress();
  const deposits = Object.entries(LENDING_LIQUIDITY) as [TokenSymbol, bigint][];
  await chain.minedBatch(
    deposits.map(
      ([symbol]) =>
        () =>
          tokens[symbol].contract.connect(lp).approve(poolAddress, MaxUint256),
    ),
  );
  await chain.minedBatch(
    deposits.map(
      ([symbol, whole]) =>
        () =>
          lendingPool
            .connect(lp)
            .supply(tokens[symbol].address, toBaseUnits(whole, tokens[symbol].decimals), lpAddress),
    ),
  );
}
