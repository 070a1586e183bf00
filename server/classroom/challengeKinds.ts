/**
 * The three challenges and what each sets up on the live chain:
 *
 * - searcher: the sandbox's scripted traders (alice and bob) send swaps with loose slippage every
 *   block; students extract what they can, with public transactions or bundles (with `mevShare`, the
 *   swaps go privately on MEV-Share and students back-run them by hash with mev_sendBundle);
 * - protect: each student must sell an amount of WETH while the house sandwicher watches;
 * - liquidate: the borrower borrows near the limit, the oracle's WETH price drops; students race the
 *   house liquidator.
 *
 * Every student is scored the same way (standings.ts): their balance changes at oracle prices.
 */
import { MaxUint256 } from "ethers";
import { feeFields } from "../bots/kit/fees";
import { SWAP_GAS_LIMIT } from "../bots/sandwicher";
import { BASE_FEE_PER_GAS } from "../chain/chain";
import type { Engine } from "../engine/engine";
import type { ChallengeKind, Standing } from "../events";
import { GWEI } from "../format";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import type { Random } from "../math/random";
import { swapCall, swapExactIn } from "../scenarios/actions";
import { parseAmount } from "../scenarios/params";
import type { ActorName } from "../world/actors";
import { type TokenSymbol, toBaseUnits } from "../world/config";
import { reservesFor } from "../world/market";
import type { World } from "../world/types";

export interface ChallengeParams {
  /** The house bots (sandwicher, arbitrageur, liquidator) play too. */
  houseBots: boolean;
  /** searcher: swaps the scripted traders send each block. */
  tradesPerBlock: number;
  /** searcher: the traders' slippage tolerance, in percent. */
  slippage: number;
  /** searcher: the traders send privately on MEV-Share, with hints [hash, logs]: students back-run them by hash. */
  mevShare: boolean;
  /** protect: WETH each student must sell (whole tokens, decimal string). */
  amount: string;
  /** liquidate: how far the oracle's WETH price drops, in percent. */
  priceDrop: number;
}

export const DEFAULT_PARAMS: Record<ChallengeKind, ChallengeParams> = {
  searcher: { houseBots: false, tradesPerBlock: 2, slippage: 3, mevShare: false, amount: "0", priceDrop: 0 },
  protect: { houseBots: true, tradesPerBlock: 0, slippage: 0, mevShare: false, amount: "5", priceDrop: 0 },
  liquidate: { houseBots: true, tradesPerBlock: 0, slippage: 0, mevShare: false, amount: "0", priceDrop: 15 },
};

export interface KindContext {
  world: World;
  /** The live chain's engine: what it sends is published, and its blocks are the challenge's. */
  engine: Engine;
  random: Random;
  params: ChallengeParams;
}

export interface ChallengePlan {
  goal(params: ChallengeParams): string;
  /** Sets the stage (may mine); the challenge counts from the block after. */
  setup(ctx: KindContext): Promise<void>;
  /** What happens before each of the challenge's blocks (the traders' swaps). */
  beforeBlock?(ctx: KindContext): Promise<void>;
  /** A remark on a standing (a student who has not done what the challenge asks). */
  note?(standing: Standing, params: ChallengeParams): string | undefined;
}

const TRADERS: ActorName[] = ["alice", "bob"];
const TRADER_TIP = 2n * GWEI;
const TRADED_POOLS = ["DEX A WETH/USDC", "DEX B WETH/USDC"];

const searcher: ChallengePlan = {
  goal: (p) =>
    p.mevShare
      ? `for the blocks of the challenge, alice and bob send ${p.tradesPerBlock} swap(s) a block privately on MEV-Share, with hints [hash, logs] on the stream (GET /api/mev-share): back-run them by hash with mev_sendBundle; 90% of what you pay the builder goes back to the trader${p.houseBots ? "; the house bots play too" : ""}`
      : `for the blocks of the challenge, alice and bob send ${p.tradesPerBlock} swap(s) a block with ${p.slippage}% slippage: extract what you can (front-run, back-run, bundles)${p.houseBots ? "; the house bots play too" : ""}`,
  async setup({ world, engine }) {
    for (const actor of TRADERS) {
      for (const dex of Object.values(world.dexes)) {
        for (const symbol of ["WETH", "USDC"] as const) {
          await engine.send(world.actors[actor].address, {
            to: world.tokens[symbol].address,
            data: world.tokens[symbol].contract.interface.encodeFunctionData("approve", [
              await dex.router.getAddress(),
              MaxUint256,
            ]),
            maxPriorityFeePerGas: GWEI,
          });
        }
      }
    }
    await engine.mine();
  },
  async beforeBlock(ctx) {
    for (let i = 0; i < ctx.params.tradesPerBlock; i++) await scriptedSwap(ctx, TRADERS[i % TRADERS.length]!);
  },
};

/** One of the traders swaps 5–30 WETH worth on a WETH/USDC pool, in a random direction, loosely. */
async function scriptedSwap({ world, engine, random, params }: KindContext, actor: ActorName): Promise<void> {
  const name = TRADED_POOLS[random.int(0, TRADED_POOLS.length - 1)];
  const pool = world.pools.find((p) => p.name === name)!;
  const path: [TokenSymbol, TokenSymbol] = random.int(0, 1) === 0 ? ["WETH", "USDC"] : ["USDC", "WETH"];
  const weth = toBaseUnits(BigInt(random.int(5, 30)), 18);
  const { reserveIn, reserveOut } = await reservesFor(pool, path[0]);
  // The same value either way: WETH, or its USDC worth at the pool's price.
  const amountIn = path[0] === "WETH" ? weth : (weth * reserveIn) / reserveOut;
  const quote = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps);
  const amountOutMin = amountOutMinFor(quote, BigInt(Math.round(params.slippage * 100)));
  const order = { actor, dex: pool.dex, path, amountIn, amountOutMin, tip: TRADER_TIP };
  if (!params.mevShare) {
    await swapExactIn(engine, order);
    return;
  }
  const tx = {
    ...(await swapCall(world, order)),
    gasLimit: SWAP_GAS_LIMIT,
    ...feeFields(BASE_FEE_PER_GAS, TRADER_TIP),
  };
  await engine.sendShared(world.actors[actor].address, tx, ["hash", "logs"]);
}

const protect: ChallengePlan = {
  goal: (p) =>
    `sell ${p.amount} WETH for USDC, any way you like (slippage, the protected path, splitting…), and keep as close as you can to what it is worth${p.houseBots ? ": the house sandwicher is watching" : ""}`,
  async setup() {
    // Nothing to set: students sell the WETH the faucet gave them.
  },
  note(standing, p) {
    const sold = -BigInt(standing.balanceChanges.WETH ?? "0");
    const asked = parseAmount(p.amount, 18) ?? 0n;
    return sold >= asked ? undefined : `has not sold ${p.amount} WETH yet`;
  },
};

const liquidate: ChallengePlan = {
  goal: (p) =>
    `the oracle's WETH price drops ${p.priceDrop}%: the borrower's position becomes liquidatable; liquidate it before ${p.houseBots ? "the house liquidator does" : "the others"} (LendingPool.liquidationCall with your USDC)`,
  async setup({ world, engine, params }) {
    const { lendingPool, tokens, actors, feeds } = world;
    const borrower = actors.borrower.address;
    const pool = await lendingPool.getAddress();
    const collateral = toBaseUnits(20n, 18);
    const call = (data: string, to = pool) => engine.send(borrower, { to, data, maxPriorityFeePerGas: GWEI });
    await call(
      tokens.WETH.contract.interface.encodeFunctionData("approve", [pool, MaxUint256]),
      tokens.WETH.address,
    );
    await call(
      lendingPool.interface.encodeFunctionData("supply", [tokens.WETH.address, collateral, borrower]),
    );
    await engine.mine();
    // Borrow 95% of what the loan-to-value allows: close to the edge.
    const { availableBorrowsBase } = await lendingPool.getUserAccountData(borrower);
    const usdcPrice = await lendingPool.getAssetPrice(tokens.USDC.address);
    const borrow = (availableBorrowsBase * 95n * toBaseUnits(1n, tokens.USDC.decimals)) / (100n * usdcPrice);
    await call(lendingPool.interface.encodeFunctionData("borrow", [tokens.USDC.address, borrow]));
    await engine.mine();
    // The drop is sent now and mined in the challenge's first block.
    const [, price] = await feeds.WETH.latestRoundData();
    const dropped = (price * BigInt(100 - params.priceDrop)) / 100n;
    await engine.send(actors.admin.address, {
      to: await feeds.WETH.getAddress(),
      data: feeds.WETH.interface.encodeFunctionData("updateAnswer", [dropped]),
      maxPriorityFeePerGas: GWEI,
    });
  },
};

export const CHALLENGE_PLANS: Record<ChallengeKind, ChallengePlan> = { searcher, protect, liquidate };
