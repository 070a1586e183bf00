/**
 * Turns a transaction's calldata into a sentence a learner can read:
 * "alice swaps 50 WETH for ≥ 98,000 USDC on DEX A (slippage 2.00%), tip 2 gwei".
 * Decoding uses the contracts' generated ABIs, found by the registry's kind of the `to` address.
 */
import type { Interface, TransactionDescription, TransactionResponse } from "ethers";
import {
  AmmRouter__factory,
  ArbitrageExecutor__factory,
  DexTwapOracle__factory,
  Faucet__factory,
  FlashLiquidator__factory,
  LendingPool__factory,
  PriceFeed__factory,
  WETH__factory,
} from "../../typechain-types";
import type { DecodedAction } from "../events";
import { formatAmount, formatBps, formatGwei } from "../format";
import { BPS } from "../math/amm";
import { type TokenSymbol, USD_DECIMALS } from "../world/config";
import type { EntryKind } from "../world/registry";
import type { TokenHandle, World } from "../world/types";
import { bridgeCallSentence, bridgeInterface } from "./bridgeCalls";
import type { BundleState } from "./bundleState";

const interfaces: Partial<Record<EntryKind, Interface>> = {
  router: AmmRouter__factory.createInterface(),
  token: WETH__factory.createInterface(),
  lending: LendingPool__factory.createInterface(),
  oracle: PriceFeed__factory.createInterface(),
  "twap-oracle": DexTwapOracle__factory.createInterface(),
  faucet: Faucet__factory.createInterface(),
  bridge: bridgeInterface,
};
const searcherInterfaces: Record<string, Interface> = {
  "arbitrage executor": ArbitrageExecutor__factory.createInterface(),
  "rival executor": ArbitrageExecutor__factory.createInterface(),
  "flash liquidator": FlashLiquidator__factory.createInterface(),
};

/** The tip a transaction offers per gas (EIP-1559 priority fee, or the legacy gas price above the base fee). */
export function tipOf(tx: Pick<TransactionResponse, "maxPriorityFeePerGas" | "gasPrice">): bigint {
  return tx.maxPriorityFeePerGas ?? tx.gasPrice ?? 0n;
}

export class CalldataDecoder {
  constructor(private readonly world: World) {}

  /**
   * Decodes what `tx` does; unknown calls still get a sentence naming sender and target. In a bundle,
   * `bundle` holds what its earlier transactions did (decode them in order).
   */
  async decode(
    tx: Pick<TransactionResponse, "from" | "to" | "data" | "value" | "maxPriorityFeePerGas" | "gasPrice">,
    bundle?: BundleState,
  ): Promise<DecodedAction> {
    const action = await this.decodeAt(tx, bundle);
    bundle?.noteSender(tx.from);
    return action;
  }

  private async decodeAt(
    tx: Pick<TransactionResponse, "from" | "to" | "data" | "value" | "maxPriorityFeePerGas" | "gasPrice">,
    bundle: BundleState | undefined,
  ): Promise<DecodedAction> {
    const { registry } = this.world;
    const from = registry.label(tx.from);
    const tip = `tip ${formatGwei(tipOf(tx))}`;
    if (!tx.to) return { kind: "deploy", sentence: `${from} deploys a contract, ${tip}`, args: {} };
    const target = registry.lookup(tx.to);
    const iface = target && (interfaces[target.kind] ?? searcherInterfaces[target.name]);
    const call = iface?.parseTransaction({ data: tx.data, value: tx.value });
    if (!call) {
      const what = tx.data === "0x" ? `sends ${formatAmount(tx.value, 18, 4)} ETH to` : "calls";
      return {
        kind: tx.data === "0x" ? "transfer-eth" : "call",
        sentence: `${from} ${what} ${registry.label(tx.to)}, ${tip}`,
        args: {},
      };
    }
    const args = Object.fromEntries(
      call.fragment.inputs.map((input, i) => [input.name, stringify(call.args[i])]),
    );
    const sentence = await this.sentence(from, target!.name, call, { from: tx.from, bundle });
    return { kind: call.name, sentence: `${sentence}, ${tip}`, args };
  }

  private token(address: string): TokenHandle | undefined {
    return Object.values(this.world.tokens).find((t) => t.address.toLowerCase() === address.toLowerCase());
  }

  /** "50 WETH", or base units with the address when the token is not the sandbox's. */
  private amount(value: bigint, tokenAddress: string): string {
    const token = this.token(tokenAddress);
    return token
      ? `${formatAmount(value, token.decimals)} ${token.symbol}`
      : `${value} units of ${this.world.registry.label(tokenAddress)}`;
  }

  private async sentence(
    from: string,
    targetName: string,
    call: TransactionDescription,
    sender: { from: string; bundle: BundleState | undefined },
  ): Promise<string> {
    const a = call.args;
    const dex = targetName.replace(/ router$/, "");
    switch (call.name) {
      case "swapExactTokensForTokens": {
        const path = a.path as string[];
        const [tokenIn, tokenOut] = [path[0]!, path[path.length - 1]!];
        const slippage = await this.slippage(
          targetName,
          a.amountIn as bigint,
          a.amountOutMin as bigint,
          path,
          sender,
        );
        return `${from} swaps ${this.amount(a.amountIn, tokenIn)} for ≥ ${this.amount(a.amountOutMin, tokenOut)} on ${dex}${slippage}`;
      }
      case "swapTokensForExactTokens": {
        const path = a.path as string[];
        return `${from} swaps ≤ ${this.amount(a.amountInMax, path[0]!)} for exactly ${this.amount(a.amountOut, path[path.length - 1]!)} on ${dex}`;
      }
      case "addLiquidity":
        return `${from} adds ${this.amount(a.amountADesired, a.tokenA)} + ${this.amount(a.amountBDesired, a.tokenB)} of liquidity on ${dex}`;
      case "removeLiquidity":
        return `${from} removes ${formatAmount(a.liquidity, 18)} LP tokens of ${this.symbolOf(a.tokenA)}/${this.symbolOf(a.tokenB)} on ${dex}`;
      case "approve":
        return `${from} lets ${this.world.registry.label(a.spender)} spend its ${targetName}`;
      case "transfer":
        return `${from} sends ${this.amount(a.value ?? a.amount, this.world.registry.byName(targetName).address)} to ${this.world.registry.label(a.to)}`;
      case "mint":
        return `${from} mints ${this.amount(a.amount, this.world.registry.byName(targetName).address)} for ${this.world.registry.label(a.to)}`;
      case "supply":
        return `${from} supplies ${this.amount(a.amount, a.asset)} to the lending pool`;
      case "withdraw":
        return targetName === "WETH"
          ? `${from} unwraps ${formatAmount(a.wad, 18)} WETH`
          : `${from} withdraws ${this.amount(a.amount, a.asset)} from the lending pool`;
      case "borrow":
        return `${from} borrows ${this.amount(a.amount, a.asset)} from the lending pool`;
      case "repay":
        return `${from} repays ${this.amount(a.amount, a.asset)} to the lending pool`;
      case "liquidationCall":
        return `${from} liquidates ${this.world.registry.label(a.user)}: repays up to ${this.amount(a.debtToCover, a.debtAsset)} for ${this.symbolOf(a.collateralAsset)} collateral`;
      case "updateAnswer":
        return `${from} sets the ${targetName.replace(/ feed$/, "")} price to $${formatAmount(a.answer, USD_DECIMALS, 2, 2)}`;
      case "update":
        return `${from} records this block's observation of the DEX price for the ${targetName}`;
      case "drip":
        return `${from} asks the faucet for tokens for ${this.world.registry.label(a.to)}`;
      case "execute": {
        const hops = a.hops as { pair: string }[];
        return `${from} runs a ${hops.length}-hop arbitrage of ${this.amount(a.amountIn, a.tokenIn)} through ${hops.map((h) => this.world.registry.label(h.pair)).join(" → ")}`;
      }
      case "liquidate":
        return `${from} flash-liquidates ${this.world.registry.label(a.user)} (borrowing ${this.amount(a.debtToCover, a.debtAsset)} for one transaction)`;
      case "deposit":
        return `${from} wraps ETH into WETH`;
      case "lock":
      case "relay":
      case "release":
        return (
          bridgeCallSentence(from, call, {
            label: (address) => this.world.registry.label(address),
            amount: (value, token) => this.amount(value, token),
          }) ?? `${from} calls ${call.name} on ${targetName}`
        );
      default:
        return `${from} calls ${call.name} on ${targetName}`;
    }
  }

  private symbolOf(address: string): string {
    return this.token(address)?.symbol ?? this.world.registry.label(address);
  }

  /**
   * " (slippage 2.00%)": how far amountOutMin is below what the trade would get where it runs: on the
   * chain now, or, for a sender's later transaction in a bundle, on what the bundle's earlier ones left.
   */
  private async slippage(
    routerName: string,
    amountIn: bigint,
    amountOutMin: bigint,
    path: string[],
    sender: { from: string; bundle: BundleState | undefined },
  ): Promise<string> {
    const dex = Object.values(this.world.dexes).find((d) => `${d.name} router` === routerName);
    if (!dex) return "";
    try {
      const symbols = path.map((address) => this.token(address)?.symbol);
      const inBundle =
        sender.bundle && !symbols.includes(undefined)
          ? await sender.bundle.quote(dex.name, amountIn, symbols as TokenSymbol[])
          : null;
      if (inBundle && inBundle.amountOut >= amountOutMin) sender.bundle!.apply(inBundle);
      const where = inBundle && sender.bundle!.continues(sender.from) ? "there" : "now";
      const expected =
        where === "there"
          ? inBundle!.amountOut
          : (await dex.router.getAmountsOut(amountIn, [...path])).at(-1)!; // a copy: ethers' Result is frozen
      if (expected === 0n) return "";
      const bps = ((expected - amountOutMin) * BPS) / expected;
      return bps >= 0n
        ? ` (slippage ${formatBps(bps)})`
        : ` (asks ${formatBps(-bps)} more than it would get ${where}: it counts on transactions before it)`;
    } catch {
      return "";
    }
  }
}

function stringify(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value))
    return JSON.stringify(value.map((v) => (Array.isArray(v) ? v.map(stringify) : stringify(v))));
  return String(value);
}
