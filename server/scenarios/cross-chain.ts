/**
 * Cross-chain arbitrage: WETH is dearer on a second chain. The arbitrageur buys it on the main chain,
 * locks it in a bridge, waits for the relayer and the bridge's delay, and sells it on the side chain.
 * Unlike an arbitrage on one chain, the trade is not atomic: while the WETH is in flight, others trade
 * on the side chain, and the price the arbitrageur sells at is the price at the release, not the price
 * it saw. A long enough delay (or a fast enough drift) turns the expected profit into a loss.
 *
 * Setup: both bridges and the arbitrageur's approvals → the gap → buy and lock → the delay → the sale.
 */
import { MaxUint256, type TransactionRequest } from "ethers";
import { TestToken__factory } from "../../typechain-types";
import { feeFields } from "../bots/kit/fees";
import { CrossChainLink, linkOf } from "../crosschain/link";
import { readBridge, readPool, swapCall, type Venue } from "../crosschain/venue";
import { formatBps } from "../format";
import { amountOutMinFor, getAmountOut } from "../math/amm";
import { amountInToRaisePrice } from "../math/crossChain";
import { orient } from "../world/market";
import type { World } from "../world/types";
import { GWEI, WHALE_SLIPPAGE_BPS } from "./actions";
import { botsFor } from "./bots";
import {
  eventsOf,
  flightText,
  holdingsText,
  lastBlocks,
  pricesText,
  signedUsdc,
  tradeEvents,
  tradeResult,
  usdc,
  weth,
} from "./crossChainText";
import { defineScenario } from "./scenario";
import { settlement } from "./settlement";
import { blockOrder, decisionsIn, percentToBps, sentences } from "./text";

/** Blocks the last steps mine at most beyond what they wait for (the relay, the sale). */
const SPARE_BLOCKS = 3;
/** Gas limit of the stage's swaps and approvals on the side chain. */
const STAGE_GAS = 200_000n;

const approveData = (spender: string) =>
  TestToken__factory.createInterface().encodeFunctionData("approve", [spender, MaxUint256]);

function link(world: World): CrossChainLink {
  const opened = linkOf(world);
  if (!opened) throw new Error("the cross-chain link is not open: run the scenario from its first step");
  return opened;
}

function stageTx(venue: Venue, call: { to: string; data: string }): TransactionRequest {
  return { ...call, gasLimit: STAGE_GAS, ...feeFields(venue.chain.baseFeePerGas, GWEI) };
}

/** The arbitrageur lets each chain's router and bridge move its tokens, once, as any trader sets up. */
async function standingApprovals(opened: CrossChainLink, trader: string): Promise<void> {
  const { main, side } = opened;
  const grants: [Venue, "WETH" | "USDC", string][] = [
    [main, "USDC", main.router],
    [main, "WETH", main.router],
    [main, "WETH", main.bridge],
    [side, "WETH", side.bridge],
  ];
  for (const [venue, symbol, spender] of grants) {
    await venue.send(
      trader,
      stageTx(venue, { to: venue.tokens[symbol].address, data: approveData(spender) }),
    );
  }
}

/**
 * `trader` swaps on the side chain's pool the amount that moves WETH's price there by `moveBps`
 * (up: buys WETH with USDC; down: sells WETH), quoted on the reserves read now. Returns what it sends.
 */
async function movePrice(opened: CrossChainLink, trader: string, moveBps: bigint) {
  const venue = opened.side;
  const up = moveBps > 0n;
  const [tokenIn, tokenOut] = up ? (["USDC", "WETH"] as const) : (["WETH", "USDC"] as const);
  const { reserveIn, reserveOut } = orient(venue.pool, await readPool(venue), tokenIn);
  // Buying WETH raises it by (10000 + move)/10000; selling WETH raises USDC by 10000/(10000 + move).
  const amountIn = up
    ? amountInToRaisePrice(reserveIn, 10_000n + moveBps, 10_000n)
    : amountInToRaisePrice(reserveIn, 10_000n, 10_000n + moveBps);
  const quote = getAmountOut(amountIn, reserveIn, reserveOut, venue.pool.feeBps);
  const call = await swapCall(
    venue,
    trader,
    [tokenIn, tokenOut],
    amountIn,
    amountOutMinFor(quote, WHALE_SLIPPAGE_BPS),
  );
  await venue.send(trader, stageTx(venue, call));
  return { tokenIn, tokenOut, amountIn, quote };
}

export const crossChain = defineScenario({
  name: "cross-chain",
  description:
    "WETH is dearer on a second chain; the arbitrageur buys on the main chain, bridges and sells there after the bridge's delay, carrying the price risk",
  params: {
    gap: {
      kind: "number",
      unit: "%",
      description: "how much dearer WETH is on the side chain once bob has bought there",
      default: 5,
      min: 0.5,
      max: 20,
    },
    delay: {
      kind: "number",
      integer: true,
      unit: "blocks",
      description: "the bridge's delay: blocks of the side chain between a transfer's relay and its release",
      default: 5,
      min: 1,
      max: 30,
    },
    fee: {
      kind: "number",
      unit: "%",
      description: "the bridge's fee on each transfer",
      default: 0.1,
      min: 0,
      max: 10,
    },
    drift: {
      kind: "number",
      unit: "%",
      description:
        "how far alice's trades move WETH's price on the side chain each block while the funds are in flight (negative: down)",
      default: -0.2,
      min: -5,
      max: 5,
    },
  },
  bots: (world) => botsFor(world, { crossChain: {} }),
  steps: [
    {
      title: "Two chains and a bridge between them",
      focus: ["chains"],
      async run({ world, engine, params, runEvents }) {
        const opened = await CrossChainLink.open(engine, {
          delayBlocks: params.delay,
          feeBps: percentToBps(params.fee),
        });
        await standingApprovals(opened, world.actors.arbitrageur.address);
        await opened.tick();
        const [[delay], [feeBps]] = await Promise.all([
          readBridge(opened.side, "delayBlocks"),
          readBridge(opened.main, "feeBps"),
        ]);
        const blocks = lastBlocks(runEvents());
        return {
          narration: sentences(
            `Two chains run side by side, each mining its own blocks: the ${opened.main.ref.name} (chain id ${opened.main.ref.id}, now at block #${blocks.main}) and the ${opened.side.ref.name} (chain id ${opened.side.ref.id}, at block #${blocks.side})`,
            `The admin deployed a bridge on each. A transfer locked on one chain is carried to the other by the sandbox's relayer (the admin account, reading the bridge's Locked events), and released there ${delay} blocks after the relay, minus the bridge's fee of ${formatBps(feeBps)}`,
            `The arbitrageur let each router and bridge move its tokens. ${await pricesText(opened)}`,
            "With the same price on both chains, buying on one and selling on the other would lose two pool fees and the bridge's: the arbitrageur waits",
          ),
        };
      },
    },
    {
      title: "bob buys WETH on the side chain: a price gap opens",
      titleFor: (params) => `bob buys WETH on the side chain: it is ${params.gap}% dearer there`,
      focus: ["chains", "answerKey", "mempool"],
      async run({ world, params, events }) {
        const opened = link(world);
        const bob = await movePrice(opened, world.actors.bob.address, percentToBps(params.gap));
        await opened.tick();
        const { text, formulas } = decisionsIn(events());
        return {
          narration: sentences(
            `bob bought ${weth(opened.side, bob.quote)} for ${usdc(opened.side, bob.amountIn)} on the ${opened.side.ref.name}'s ${opened.side.dexName}`,
            text ||
              `${await pricesText(opened)}. No bot reacted: no trade across the bridge beats the fees and the gas`,
          ),
          formulas,
        };
      },
    },
    {
      title: "The arbitrageur buys on the main chain and locks the WETH in the bridge",
      focus: ["chains", "block", "mempool"],
      async run({ world, events, runEvents }) {
        const opened = link(world);
        const said: string[] = [];
        for (let block = 0; block < 2; block++) {
          await opened.tick();
          said.push(`On the ${opened.main.ref.name}, ${blockOrder(events())}`);
        }
        const { locked } = tradeEvents(runEvents());
        if (!locked) {
          return {
            narration: sentences(...said, "The arbitrageur bought nothing, so nothing crosses the bridge"),
          };
        }
        const main = opened.main;
        return {
          narration: sentences(
            ...said,
            `The arbitrageur locked the ${weth(main, BigInt(locked.amount.amount), 6)} it bought in the bridge on the ${locked.chain.name} (transfer ${locked.transferId.slice(0, 10)}…): the bridge kept ${weth(main, BigInt(locked.fee.amount), 6)} as its fee, and ${weth(main, BigInt(locked.amountAfterFee.amount), 6)} cross to the ${locked.toChain.name}`,
            "The relayer read the Locked event in that block and sent the transfer to the side chain's bridge",
          ),
        };
      },
    },
    {
      title: "In flight: the bridge's delay, while others trade on the side chain",
      titleFor: (params) => `In flight: ${params.delay} blocks while alice trades on the side chain`,
      focus: ["chains", "block"],
      async run({ world, params, runEvents }) {
        const opened = link(world);
        const { locked } = tradeEvents(runEvents());
        if (!locked) {
          await opened.tick();
          return { narration: "Nothing is in flight: the chains mine a block each and nothing crosses." };
        }
        const drift = percentToBps(params.drift);
        for (let i = 0; i < params.delay + SPARE_BLOCKS && !tradeEvents(runEvents()).released; i++) {
          if (drift !== 0n) await movePrice(opened, world.actors.alice.address, drift);
          await opened.tick();
        }
        const { relayed, released } = tradeEvents(runEvents());
        if (!relayed || !released) throw new Error(`transfer ${locked.transferId} was not released in time`);
        return {
          narration: sentences(
            `The transfer reached the ${relayed.chain.name}'s bridge in block #${relayed.block}, releasable from block #${relayed.releasableAtBlock}`,
            drift === 0n
              ? "Nobody else traded on the side chain meanwhile"
              : `Meanwhile alice traded in every block of the side chain, each trade moving WETH's price there about ${Math.abs(params.drift)}% ${drift < 0n ? "down" : "up"}`,
            `The relayer released it in block #${released.block}, ${released.blocksWaited} blocks after the relay: ${weth(opened.side, BigInt(released.amount.amount), 6)} to the arbitrageur`,
            flightText(opened, runEvents(), relayed, released),
          ),
        };
      },
    },
    {
      title: "Released: the arbitrageur sells on the side chain",
      focus: ["chains", "actors", "answerKey"],
      async run({ world, engine, runEvents }) {
        const opened = link(world);
        const trader = world.actors.arbitrageur.address;
        const { found, released } = tradeEvents(runEvents());
        if (!found || !released) {
          await opened.tick();
          return {
            narration: sentences(
              "The arbitrageur has nothing to sell",
              await settlement(engine, runEvents()),
            ),
          };
        }
        const sold = () =>
          eventsOf(runEvents(), "crosschain:block").some(
            (b) => b.block > released.block && b.txs.some((tx) => tx.from.address === trader),
          );
        for (let i = 0; i < SPARE_BLOCKS && !sold(); i++) await opened.tick();
        const stepOne = runEvents().filter((e) => e.step === 1);
        const result = await tradeResult(opened, trader, lastBlocks(stepOne));
        const expected = BigInt(found.expectedProfit.amount);
        const side = opened.side;
        const gas = `its gas came to ${usdc(side, result.gasUsdc)} against ${usdc(side, BigInt(found.gasCost.amount))} estimated`;
        const verdict =
          result.net < 0n
            ? `The delay turned an expected profit of ${usdc(side, expected)} into a loss of ${usdc(side, -result.net)} (${gas}): an arbitrage that waits is a bet on the price`
            : result.net < expected
              ? `It made ${usdc(side, result.net)} where it expected ${usdc(side, expected)} at the prices it saw: the price's move while its WETH was in flight cost it the difference (${gas})`
              : `It made ${usdc(side, result.net)} where it expected ${usdc(side, expected)} at the prices it saw: the price moved its way while its WETH was in flight (${gas}), luck rather than arbitrage`;
        return {
          narration: sentences(
            `${await pricesText(opened)}`,
            `The arbitrageur's balances, before its first trade and now: ${holdingsText(result)}`,
            `Over both chains its USDC changed by ${signedUsdc(side, result.usdcGained)}, and its gas cost ${usdc(side, result.gasUsdc)} (its ETH, at the main chain's price): ${signedUsdc(side, result.net)} in all`,
            verdict,
            "The profit-and-loss table below counts the main chain only, where the arbitrageur only paid: its USDC came back on the side chain",
          ),
        };
      },
    },
  ],
});
