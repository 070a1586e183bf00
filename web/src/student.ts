/**
 * The student's side of the page: joining the class, the wallet (balances read from the chain, a
 * swap signed here) and "back-run this". It keeps what the wallet panel shows (`WalletState`) and
 * tells main.ts when that changed; the key never leaves the browser (wallet/identity.ts).
 */
import type { Wallet } from "ethers";
import type { TxPending } from "../../server/events";
import type { WorldState } from "../../server/world/describe";
import { ApiError, type ConnectInfo, getConnectInfo, joinClass, listStudents } from "./api";
import {
  type BackrunPlan,
  decodeTargetSwap,
  planBackrun,
  sendBackrun,
  type TargetSwap,
} from "./wallet/bundle";
import { type Balances, ChainClient, RpcRefusal } from "./wallet/chain";
import {
  keyForJoining,
  loadIdentity,
  type StudentIdentity,
  saveIdentity,
  setWatchOnly,
  signerOf,
  watchesOnly,
} from "./wallet/identity";
import { type Reserves, routerOf, type SwapPlan, sendSwap } from "./wallet/swap";

export interface Status {
  kind: "busy" | "done" | "error";
  text: string;
}

export interface BackrunState {
  tx: TxPending;
  /** The decoded swap, or why it cannot be back-run. */
  target: TargetSwap | string;
  /** The pool's reserves when the target was picked (for the preview; sending reads them again). */
  reserves: Reserves | null;
  defaultAmount: bigint | null;
  status: Status | null;
}

export interface WalletState {
  /** What the wallet panel shows: the join form, the wallet, or nothing (the instructor, a watcher). */
  mode: "join" | "wallet" | "hidden";
  connect: ConnectInfo | null;
  identity: StudentIdentity | null;
  join: Status | null;
  balances: Balances | null;
  balancesProblem: string | null;
  swap: Status | null;
  backrun: BackrunState | null;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class StudentSession {
  readonly state: WalletState = {
    mode: "join",
    connect: null,
    identity: loadIdentity(),
    join: null,
    balances: null,
    balancesProblem: null,
    swap: null,
    backrun: null,
  };
  private chain: ChainClient | null = null;
  private signer: Wallet | null = null;
  private instructor = false;

  constructor(
    private readonly world: () => WorldState | null,
    private readonly changed: () => void,
  ) {
    this.state.mode = this.modeNow();
  }

  /** The student as the rest of the page marks them ("you"), once joined. */
  get me(): { name: string; address: string } | null {
    const joined = this.state.identity?.joined;
    return joined ? { name: joined.name, address: this.state.identity!.address } : null;
  }

  get token(): string | null {
    return this.state.identity?.joined?.token ?? null;
  }

  /** Reads how to reach the chain, and checks the class still knows this browser's student. */
  async start(): Promise<void> {
    try {
      this.state.connect = await getConnectInfo();
      this.chain = new ChainClient(this.state.connect, location.hostname);
    } catch (error) {
      this.state.join = {
        kind: "error",
        text: `The sandbox cannot tell how to reach its chain: ${errorText(error)}`,
      };
    }
    const identity = this.state.identity;
    if (identity?.joined) {
      const students = await listStudents().catch(() => null);
      const known = students?.some((s) => s.address.toLowerCase() === identity.address.toLowerCase());
      if (students && !known) {
        this.state.join = {
          kind: "error",
          text: "The class does not know you any more (the sandbox restarted?): join again.",
        };
        identity.joined = null;
        saveIdentity(identity);
      }
    }
    this.decideMode();
    await this.refreshBalances();
  }

  setInstructor(instructor: boolean): void {
    this.instructor = instructor;
    this.decideMode();
  }

  private modeNow(): WalletState["mode"] {
    const joined = this.state.identity?.joined;
    return this.instructor || (!joined && watchesOnly()) ? "hidden" : joined ? "wallet" : "join";
  }

  private decideMode(): void {
    this.state.mode = this.modeNow();
    const identity = this.state.identity;
    this.signer = identity?.joined ? signerOf(identity) : null;
    this.changed();
  }

  async join(name: string, code: string): Promise<void> {
    this.state.join = { kind: "busy", text: "Joining…" };
    this.changed();
    const identity = keyForJoining();
    try {
      const classroom = this.state.connect?.classroom ?? false;
      const joined = await joinClass({ name, address: identity.address, ...(classroom ? { code } : {}) });
      identity.joined = { id: joined.id, name: joined.name, token: joined.token };
      saveIdentity(identity);
      setWatchOnly(false);
      this.state.identity = identity;
      this.state.join = null;
      this.decideMode();
      await this.refreshBalances();
    } catch (error) {
      // The server's words as they are: a taken name (409), a wrong code (403), bad input (400).
      this.state.join = { kind: "error", text: error instanceof ApiError ? error.message : errorText(error) };
      this.changed();
    }
  }

  /** Watch without joining (read-only), or come back to the join form. */
  watchOnly(value: boolean): void {
    setWatchOnly(value);
    this.decideMode();
  }

  async refreshBalances(): Promise<void> {
    const world = this.world();
    const me = this.me;
    if (!this.chain || !world || !me) return;
    try {
      this.state.balances = await this.chain.balances(me.address, world.tokens);
      this.state.balancesProblem = null;
    } catch (error) {
      this.state.balancesProblem = `Could not read the balances from ${this.chain.url}: ${errorText(error)}`;
    }
    this.changed();
  }

  /** The pool's reserves now, for a quote. */
  reserves(pool: { address: string }): Promise<Reserves> {
    if (!this.chain) return Promise.reject(new Error("the chain's address is not known yet"));
    return this.chain.reserves(pool);
  }

  async swap(plan: SwapPlan, viaProtected: boolean): Promise<void> {
    const { chain, signer } = this;
    const world = this.world();
    if (!chain || !signer || !world) return;
    this.state.swap = { kind: "busy", text: "Signing and sending…" };
    this.changed();
    try {
      const sent = await sendSwap(chain, signer, plan, { router: routerOf(world, plan.pool), viaProtected });
      const path = viaProtected ? "privately to the builder (protected path)" : "to the public mempool";
      const approval = sent.approveHash ? `approval ${sent.approveHash.slice(0, 10)}… then ` : "";
      this.state.swap = {
        kind: "done",
        text: `✔ Sent ${approval}swap ${sent.swapHash.slice(0, 10)}… ${path}.`,
      };
    } catch (error) {
      this.state.swap = { kind: "error", text: `✘ ${errorText(error)}` };
    }
    this.changed();
  }

  /** "Back-run this" on a pending transaction: reads and decodes it, and opens the back-run form. */
  async pickTarget(tx: TxPending): Promise<void> {
    const world = this.world();
    if (!this.chain || !world) return;
    this.state.backrun = {
      tx,
      target: "reading it from the chain…",
      reserves: null,
      defaultAmount: null,
      status: null,
    };
    this.changed();
    try {
      const pending = await this.chain.transaction(tx.hash);
      const target = pending ? decodeTargetSwap(world, pending) : "it is no longer pending";
      const reserves = typeof target === "string" ? null : await this.chain.reserves(target.pool);
      const defaultAmount = reserves && typeof target !== "string" ? this.affordable(target, reserves) : null;
      this.state.backrun = { tx, target, reserves, defaultAmount, status: null };
    } catch (error) {
      this.state.backrun = {
        tx,
        target: errorText(error),
        reserves: null,
        defaultAmount: null,
        status: null,
      };
    }
    this.changed();
  }

  /** The default back-run size (what the target receives), no more than the student holds. */
  private affordable(target: TargetSwap, reserves: Reserves): bigint {
    const wanted = planBackrun(target, reserves, 1n).targetOut;
    const held = this.state.balances?.tokens[target.tokenOut.symbol];
    return held !== undefined && held < wanted ? held : wanted;
  }

  closeBackrun(): void {
    this.state.backrun = null;
    this.changed();
  }

  async sendBackrun(amountIn: bigint, payment: bigint): Promise<BackrunPlan | undefined> {
    const { chain, signer } = this;
    const world = this.world();
    const backrun = this.state.backrun;
    const coinbase = this.state.connect?.coinbase;
    if (!chain || !signer || !world || !backrun || !coinbase) return undefined;
    backrun.status = { kind: "busy", text: "Building, signing and sending the bundle…" };
    this.changed();
    try {
      const sent = await sendBackrun(chain, signer, {
        world,
        targetHash: backrun.tx.hash,
        amountIn,
        payment,
        coinbase,
      });
      backrun.status = {
        kind: "done",
        text: `✔ The builder took bundle ${sent.bundleHash.slice(0, 10)}… for block #${sent.blockNumber}: it lands there whole if it still passes, or not at all.`,
      };
      this.changed();
      return sent.plan;
    } catch (error) {
      const refused = error instanceof RpcRefusal ? "The builder refused it: " : "";
      backrun.status = { kind: "error", text: `✘ ${refused}${errorText(error)}` };
      this.changed();
      return undefined;
    }
  }
}
