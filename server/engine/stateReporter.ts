/**
 * Reads state after each block and publishes what changed: pool reserves (from `Sync` logs),
 * oracle prices (from `AnswerUpdated` logs), lending positions, and every actor's balances and
 * profit and loss since the run began.
 */
import { type Log, MaxUint256 } from "ethers";
import { AmmPair__factory, LendingPool__factory, PriceFeed__factory } from "../../typechain-types";
import {
  addressArgsCall,
  type BatchRead,
  ethBalanceRead,
  readUints,
  tokenBalanceRead,
} from "../chain/batchRead";
import type { ActorBalances, EventDraft, PnlReport, TokenAmount } from "../events";
import { priceInQuoteUnits } from "../format";
import { basketValueUsd } from "../math/price";
import { ACTOR_NAMES } from "../world/actors";
import { type TokenSymbol, USD_DECIMALS } from "../world/config";
import type { World } from "../world/types";
import type { MinedBlock } from "./bot";
import { dexPricesUsd, differByACent, oraclePricesUsd, VALUATION_DEX } from "./valuation";

const pairInterface = AmmPair__factory.createInterface();
const feedInterface = PriceFeed__factory.createInterface();
const lendingInterface = LendingPool__factory.createInterface();
const COLLATERAL_OF = lendingInterface.getFunction("collateralOf").selector;
const DEBT_OF = lendingInterface.getFunction("debtOf").selector;

/**
 * What one actor owns: ETH first, then each token in the world's order. Tokens held by the actor's
 * own contracts (its executor) count as its own, and so do lending-pool collateral (plus) and debt
 * (minus): a deposit is not a loss, a liquidation is.
 */
type Holdings = bigint[];

/** One read a holding adds up, with its sign (debt counts against it). */
interface HoldingTerm {
  read: BatchRead;
  sign: 1n | -1n;
}

/** An account whose balances are reported: an actor, or someone else the sandbox follows (a student). */
export interface ReportedAccount {
  name: string;
  address: string;
}

interface Account extends ReportedAccount {
  /** Contracts whose balances count as the account's own (a searcher's executor). */
  contracts: string[];
  /** Whether its lending-pool collateral and debt count (the actors'; students hold wallets only). */
  lending: boolean;
}

export class StateReporter {
  private start = new Map<string, Holdings>();
  private readonly borrowers = new Set<string>();

  constructor(
    private readonly world: World,
    private readonly emit: (draft: EventDraft) => void,
    /** Accounts reported beside the actors (the live chain's students); read at every block. */
    private readonly extraAccounts: () => readonly ReportedAccount[] = () => [],
  ) {}

  private accounts(): Account[] {
    const actors = ACTOR_NAMES.map((name) => ({
      name,
      address: this.world.actors[name].address,
      contracts: this.world.ownedContracts[name] ?? [],
      lending: true,
    }));
    const extra = this.extraAccounts().map((account) => ({ ...account, contracts: [], lending: false }));
    return [...actors, ...extra];
  }

  private get symbols(): TokenSymbol[] {
    return Object.keys(this.world.tokens) as TokenSymbol[];
  }

  /** Records every actor's balances as the zero point of the run's profit and loss. */
  async begin(): Promise<void> {
    this.start = await this.readHoldings();
    this.borrowers.clear();
  }

  /** The holdings of `accounts` (read once by the caller: a student may join while this reads), in one batch of reads. */
  private async readHoldings(accounts: readonly Account[] = this.accounts()): Promise<Map<string, Holdings>> {
    const lendingPool = await this.world.lendingPool.getAddress();
    // account → holding (ETH, then each token) → the reads it adds up
    const plan: HoldingTerm[][][] = accounts.map((account) => [
      [{ read: ethBalanceRead(account.address), sign: 1n }],
      ...this.symbols.map((symbol) =>
        this.tokenTerms(account, this.world.tokens[symbol].address, lendingPool),
      ),
    ]);
    const values = await readUints(
      this.world.chain,
      plan.flat(2).map((term) => term.read),
    );
    let next = 0;
    const rows = accounts.map(({ name }, i) => {
      const holdings = plan[i]!.map((terms) =>
        terms.reduce((sum, { sign }) => sum + sign * values[next++]!, 0n),
      );
      return [name, holdings] as const;
    });
    return new Map(rows);
  }

  /** What an account's holding of `token` adds up: its and its contracts' balances, its collateral, less its debt. */
  private tokenTerms(account: Account, token: string, lendingPool: string): HoldingTerm[] {
    const { address, contracts, lending } = account;
    const balances = [address, ...contracts].map(
      (holder): HoldingTerm => ({ read: tokenBalanceRead(token, holder), sign: 1n }),
    );
    if (!lending) return balances;
    return [
      ...balances,
      { read: { target: lendingPool, data: addressArgsCall(COLLATERAL_OF, address, token) }, sign: 1n },
      { read: { target: lendingPool, data: addressArgsCall(DEBT_OF, address, token) }, sign: -1n },
    ];
  }

  private amount(index: number, value: bigint): TokenAmount {
    if (index === 0) return { amount: value.toString(), symbol: "ETH", decimals: 18 };
    const token = this.world.tokens[this.symbols[index - 1]!];
    return { amount: value.toString(), symbol: token.symbol, decimals: token.decimals };
  }

  /** Publishes pool, oracle and position changes caused by the block's logs. */
  async afterBlock(block: MinedBlock): Promise<void> {
    const logs = block.receipts.flatMap((r) => r.logs);
    await this.emitPools(block.number, logs);
    const oracleMoved = this.emitOracles(block.number, logs);
    await this.emitPositions(block.number, logs, oracleMoved);
  }

  /**
   * Publishes the state a run starts from: every pool's reserves and every oracle price, so a
   * viewer's chart starts before the first trade and shows a gap open.
   */
  async emitInitialState(blockNumber: number): Promise<void> {
    await this.emitPools(blockNumber, "all");
    for (const symbol of this.symbols) {
      const [, answer] = await this.world.feeds[symbol].latestRoundData();
      this.emitOracle(blockNumber, symbol, answer);
    }
  }

  private async emitPools(blockNumber: number, logs: readonly Log[] | "all"): Promise<void> {
    const syncTopic = pairInterface.getEvent("Sync").topicHash;
    const touched =
      logs === "all"
        ? undefined
        : new Set(logs.filter((l) => l.topics[0] === syncTopic).map((l) => l.address.toLowerCase()));
    for (const pool of this.world.pools) {
      if (touched && !touched.has(pool.address.toLowerCase())) continue;
      const [reserve0, reserve1] = await pool.pair.getReserves();
      const t0 = this.world.tokens[pool.token0];
      const t1 = this.world.tokens[pool.token1];
      const base = this.world.tokens[pool.base];
      const quote = this.world.tokens[pool.quote];
      const [baseReserve, quoteReserve] =
        pool.base === pool.token0 ? [reserve0, reserve1] : [reserve1, reserve0];
      this.emit({
        type: "pool:updated",
        block: blockNumber,
        pool: { address: pool.address, label: pool.name },
        dex: this.world.dexes[pool.dex].name,
        reserve0: { amount: reserve0.toString(), symbol: t0.symbol, decimals: t0.decimals },
        reserve1: { amount: reserve1.toString(), symbol: t1.symbol, decimals: t1.decimals },
        base: base.symbol,
        quote: quote.symbol,
        price: {
          amount: priceInQuoteUnits(baseReserve, base.decimals, quoteReserve).toString(),
          symbol: quote.symbol,
          decimals: quote.decimals,
        },
      });
    }
  }

  private emitOracles(blockNumber: number, logs: readonly Log[]): boolean {
    const topic = feedInterface.getEvent("AnswerUpdated").topicHash;
    let moved = false;
    for (const log of logs) {
      if (log.topics[0] !== topic) continue;
      const symbol = this.symbols.find(
        (s) =>
          this.world.registry.byName(`${s}/USD feed`).address.toLowerCase() === log.address.toLowerCase(),
      );
      if (!symbol) continue;
      const parsed = feedInterface.parseLog(log)!;
      this.emitOracle(blockNumber, symbol, parsed.args.current as bigint);
      moved = true;
    }
    return moved;
  }

  private emitOracle(blockNumber: number, symbol: TokenSymbol, price: bigint): void {
    this.emit({
      type: "oracle:updated",
      block: blockNumber,
      symbol,
      price: price.toString(),
      decimals: USD_DECIMALS,
    });
  }

  private async emitPositions(
    blockNumber: number,
    logs: readonly Log[],
    oracleMoved: boolean,
  ): Promise<void> {
    const poolAddress = (await this.world.lendingPool.getAddress()).toLowerCase();
    const touched = new Set<string>();
    for (const log of logs) {
      if (log.address.toLowerCase() !== poolAddress) continue;
      const parsed = lendingInterface.parseLog(log);
      const user = parsed?.args.onBehalfOf ?? parsed?.args.user;
      if (typeof user === "string") {
        touched.add(user);
        this.borrowers.add(user);
      }
    }
    const users = oracleMoved ? [...this.borrowers] : [...touched];
    for (const user of users.sort()) await this.emitPosition(blockNumber, user);
  }

  private async emitPosition(blockNumber: number, user: string): Promise<void> {
    const { lendingPool, tokens, registry } = this.world;
    const data = await lendingPool.getUserAccountData(user);
    const collateral: TokenAmount[] = [];
    const debt: TokenAmount[] = [];
    for (const symbol of this.symbols) {
      const token = tokens[symbol];
      const [supplied, owed] = await Promise.all([
        lendingPool.collateralOf(user, token.address),
        lendingPool.debtOf(user, token.address),
      ]);
      if (supplied > 0n) collateral.push({ amount: supplied.toString(), symbol, decimals: token.decimals });
      if (owed > 0n) debt.push({ amount: owed.toString(), symbol, decimals: token.decimals });
    }
    this.emit({
      type: "position:updated",
      block: blockNumber,
      user: { address: user, label: registry.label(user) },
      collateral,
      debt,
      healthFactor: data.healthFactor === MaxUint256 ? "max" : data.healthFactor.toString(),
      collateralUsd: data.totalCollateralBase.toString(),
      debtUsd: data.totalDebtBase.toString(),
    });
  }

  /**
   * Publishes every actor's balances and change since the run began (an account followed since
   * later, a student who joined, counts from its first report).
   */
  async emitBalances(blockNumber: number): Promise<void> {
    const accounts = this.accounts();
    const now = await this.readHoldings(accounts);
    const actors: ActorBalances[] = accounts.map(({ name, address }) => {
      const holdings = now.get(name)!;
      if (!this.start.has(name)) this.start.set(name, holdings);
      const start = this.start.get(name)!;
      return {
        actor: name,
        address,
        balances: holdings.map((value, i) => this.amount(i, value)),
        pnl: holdings.map((value, i) => this.amount(i, value - start[i]!)),
      };
    });
    this.emit({ type: "balances:updated", block: blockNumber, actors });
  }

  /** Each actor's change since the run began, valued at the oracle's current prices and at the DEX's. */
  async pnl(): Promise<PnlReport> {
    const accounts = this.accounts();
    const now = await this.readHoldings(accounts);
    const oracle = await oraclePricesUsd(this.world);
    const dex = await dexPricesUsd(this.world, oracle);
    // ETH (holding 0) is valued at the WETH price
    const symbolAt = (i: number): TokenSymbol => (i === 0 ? "WETH" : this.symbols[i - 1]!);
    const value = (changes: bigint[], prices: Map<TokenSymbol, bigint>) =>
      basketValueUsd(
        changes.map((amount, i) => ({
          amount,
          decimals: i === 0 ? 18 : Number(this.world.tokens[symbolAt(i)].decimals),
          priceUsd: prices.get(symbolAt(i))!,
        })),
      );
    const pnl = accounts.map(({ name, address }) => {
      const start = this.start.get(name) ?? now.get(name)!;
      const changes = now.get(name)!.map((held, i) => held - start[i]!);
      return {
        actor: name,
        address,
        changes: changes.map((change, i) => this.amount(i, change)).filter((a) => a.amount !== "0"),
        valueUsd: value(changes, oracle).toString(),
        valueUsdDex: value(changes, dex).toString(),
      };
    });
    const prices = this.symbols.map((symbol) => ({
      symbol,
      oracleUsd: oracle.get(symbol)!.toString(),
      dexUsd: dex.get(symbol)!.toString(),
      differs: differByACent(oracle.get(symbol)!, dex.get(symbol)!),
    }));
    return { pnl, valuation: { dex: this.world.dexes[VALUATION_DEX].name, prices } };
  }
}
