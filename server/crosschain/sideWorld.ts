/**
 * The second chain's world: WETH and USDC, one DEX with a seeded WETH/USDC pool, funded traders and
 * their standing approvals. Deployed the way server/world/deploy.ts deploys the main world: the same
 * accounts send the same transactions in the same order, so every contract lands at the same address
 * on every run (and, the deployer being the same account, at the main chain's first addresses).
 */
import { MaxUint256, type Signer } from "ethers";
import {
  type AmmFactory,
  AmmFactory__factory,
  type AmmPair,
  AmmPair__factory,
  type AmmRouter,
  AmmRouter__factory,
  TestToken__factory,
  WETH__factory,
} from "../../typechain-types";
import type { Builder } from "../builder/builder";
import type { Chain } from "../chain/chain";
import type { ChainRef } from "../events";
import { ACTORS, hardhatAccount } from "../world/actors";
import { baseUnitsWorth, toBaseUnits, tokenSpec } from "../world/config";
import { Registry } from "../world/registry";
import type { TokenHandle } from "../world/types";
import {
  SIDE_ACTORS,
  SIDE_DEX,
  SIDE_FUNDING,
  SIDE_POOL_LIQUIDITY_USD,
  SIDE_TOKENS,
  type SideActor,
  type SideToken,
} from "./config";

/** Deadline of the seeding transactions: far in the future (the chain's clock starts in 2026). */
const FAR_DEADLINE = 2n ** 40n;

export interface SideActorHandle {
  name: SideActor;
  address: string;
  signer: Signer;
}

/** The WETH/USDC pool of the second chain; prices read "1 WETH = x USDC". */
export interface SidePool {
  name: string;
  address: string;
  pair: AmmPair;
  token0: SideToken;
  token1: SideToken;
  feeBps: bigint;
  base: "WETH";
  quote: "USDC";
}

export interface SideWorld {
  ref: ChainRef;
  chain: Chain;
  /** Builds the second chain's blocks as the main chain's: bundles, then the rest by tip. */
  builder: Builder;
  registry: Registry;
  actors: Record<SideActor, SideActorHandle>;
  tokens: Record<SideToken, TokenHandle>;
  dexName: string;
  factory: AmmFactory;
  router: AmmRouter;
  routerAddress: string;
  pool: SidePool;
}

/** Deploys the second chain's world on a fresh chain. */
export async function deploySideWorld(ref: ChainRef, chain: Chain, builder: Builder): Promise<SideWorld> {
  const registry = new Registry();
  const actors = await sideActors(chain, registry);
  const admin = actors.admin.signer;
  const tokens = await deployTokens(chain, admin, registry);
  const factory = await chain.deployed(new AmmFactory__factory(admin).deploy(SIDE_DEX.name, SIDE_DEX.feeBps));
  const router = await chain.deployed(new AmmRouter__factory(admin).deploy(await factory.getAddress()));
  registry.add(SIDE_DEX.name, await factory.getAddress(), "dex");
  registry.add(`${SIDE_DEX.name} router`, await router.getAddress(), "router");
  const pool = await createPool(chain, factory, tokens, registry, admin);
  await fund(chain, admin, tokens, actors);
  await approveRouter(chain, tokens, actors, await router.getAddress());
  await seedPool(chain, actors.lp, tokens, router);
  const routerAddress = await router.getAddress();
  return {
    ref,
    chain,
    builder,
    registry,
    actors,
    tokens,
    dexName: SIDE_DEX.name,
    factory,
    router,
    routerAddress,
    pool,
  };
}

async function sideActors(chain: Chain, registry: Registry): Promise<Record<SideActor, SideActorHandle>> {
  const actors = {} as Record<SideActor, SideActorHandle>;
  for (const name of SIDE_ACTORS) {
    const { address } = hardhatAccount(ACTORS[name].index);
    actors[name] = { name, address, signer: await chain.signer(address) };
    registry.add(name, address, "actor");
  }
  return actors;
}

async function deployTokens(
  chain: Chain,
  admin: Signer,
  registry: Registry,
): Promise<Record<SideToken, TokenHandle>> {
  const owner = await admin.getAddress();
  const tokens = {} as Record<SideToken, TokenHandle>;
  for (const symbol of SIDE_TOKENS) {
    const spec = tokenSpec(symbol);
    const contract =
      symbol === "WETH"
        ? await chain.deployed(new WETH__factory(admin).deploy(owner))
        : await chain.deployed(new TestToken__factory(admin).deploy(spec.name, symbol, spec.decimals, owner));
    const address = await contract.getAddress();
    registry.add(symbol, address, "token");
    tokens[symbol] = { ...spec, symbol, address, contract: TestToken__factory.connect(address, admin) };
  }
  return tokens;
}

async function createPool(
  chain: Chain,
  factory: AmmFactory,
  tokens: Record<SideToken, TokenHandle>,
  registry: Registry,
  admin: Signer,
): Promise<SidePool> {
  await chain.minedBatch([() => factory.createPair(tokens.WETH.address, tokens.USDC.address)]);
  const address = await factory.getPair(tokens.WETH.address, tokens.USDC.address);
  const pair = AmmPair__factory.connect(address, admin);
  const wethFirst = (await pair.token0()) === tokens.WETH.address;
  const name = `${SIDE_DEX.name} WETH/USDC`;
  registry.add(name, address, "pool");
  return {
    name,
    address,
    pair,
    token0: wethFirst ? "WETH" : "USDC",
    token1: wethFirst ? "USDC" : "WETH",
    feeBps: SIDE_DEX.feeBps,
    base: "WETH",
    quote: "USDC",
  };
}

/** The pool's two sides, each worth half its liquidity at the oracle price. */
function poolAmounts(tokens: Record<SideToken, TokenHandle>): Record<SideToken, bigint> {
  return {
    WETH: baseUnitsWorth(SIDE_POOL_LIQUIDITY_USD / 2n, tokens.WETH),
    USDC: baseUnitsWorth(SIDE_POOL_LIQUIDITY_USD / 2n, tokens.USDC),
  };
}

async function fund(
  chain: Chain,
  admin: Signer,
  tokens: Record<SideToken, TokenHandle>,
  actors: Record<SideActor, SideActorHandle>,
): Promise<void> {
  const seed = poolAmounts(tokens);
  const mints = SIDE_TOKENS.map(
    (symbol) => () => tokens[symbol].contract.connect(admin).mint(actors.lp.address, seed[symbol]),
  );
  for (const [name, balances] of Object.entries(SIDE_FUNDING) as [SideActor, Record<SideToken, bigint>][]) {
    for (const symbol of SIDE_TOKENS) {
      const amount = toBaseUnits(balances[symbol], tokens[symbol].decimals);
      mints.push(() => tokens[symbol].contract.connect(admin).mint(actors[name].address, amount));
    }
  }
  await chain.minedBatch(mints);
}

/** Everyone who trades on the second chain lets its router move their tokens, once. */
async function approveRouter(
  chain: Chain,
  tokens: Record<SideToken, TokenHandle>,
  actors: Record<SideActor, SideActorHandle>,
  router: string,
): Promise<void> {
  const traders = [actors.lp, actors.alice, actors.bob, actors.arbitrageur];
  await chain.minedBatch(
    traders.flatMap((actor) =>
      SIDE_TOKENS.map(
        (symbol) => () => tokens[symbol].contract.connect(actor.signer).approve(router, MaxUint256),
      ),
    ),
  );
}

async function seedPool(
  chain: Chain,
  lp: SideActorHandle,
  tokens: Record<SideToken, TokenHandle>,
  router: AmmRouter,
): Promise<void> {
  const { WETH, USDC } = poolAmounts(tokens);
  await chain.minedBatch([
    () =>
      router
        .connect(lp.signer)
        .addLiquidity(
          tokens.WETH.address,
          tokens.USDC.address,
          WETH,
          USDC,
          WETH,
          USDC,
          lp.address,
          FAR_DEADLINE,
        ),
  ]);
}
