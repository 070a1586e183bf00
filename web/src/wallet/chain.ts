/**
 * The chain as the student's page reads it: the sandbox's JSON-RPC port on the host the page came
 * from (GET /api/connect says which port, whether it speaks TLS, and the protected path). Reads
 * and sends go there directly, as any wallet's would; the ABIs are the generated typechain ones.
 */
import { JsonRpcProvider, Network } from "ethers";
import type { ConnectInfo } from "../../../server/classroom/views";
import type { RpcTransaction as NodeTransaction } from "../../../server/lib/rpcTransaction";
import type { PoolState, TokenState } from "../../../server/world/describe";
import { IERC20__factory } from "../../../typechain-types/factories/@openzeppelin/contracts/token/ERC20/IERC20__factory";
import { IAmmPair__factory } from "../../../typechain-types/factories/contracts/dex/interfaces/IAmmPair__factory";

/** The fields of `eth_getTransactionByHash` a signed transaction is rebuilt from, and its block. */
export interface RpcTransaction extends NodeTransaction {
  blockNumber: string | null;
}

export interface Balances {
  /** The block they were read at. */
  block: number;
  eth: bigint;
  /** Base units, by token symbol. */
  tokens: Record<string, bigint>;
}

export interface LatestBlock {
  number: number;
  timestamp: number;
  baseFeePerGas: bigint;
}

/** The JSON-RPC URL of the sandbox seen from a page on `hostname`: `http(s)://host:port`. */
export function rpcUrlOf(info: Pick<ConnectInfo, "tls" | "rpcPort">, hostname: string): string {
  return `${info.tls ? "https" : "http"}://${hostname}:${info.rpcPort}`;
}

/** The JSON-RPC port refused a request: its error, word for word. */
export class RpcRefusal extends Error {
  override name = "RpcRefusal";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class ChainClient {
  readonly url: string;
  readonly protectedUrl: string;
  readonly chainId: number;
  private readonly provider: JsonRpcProvider;
  /** The protected path: its "pending" nonce counts the private transactions it holds. */
  private readonly protectedProvider: JsonRpcProvider;

  constructor(info: ConnectInfo, hostname: string) {
    this.url = rpcUrlOf(info, hostname);
    this.protectedUrl = `${this.url}${info.protectedPath}`;
    this.chainId = info.chainId;
    const network = Network.from(info.chainId);
    // A fixed network: no chain-id request before every call, and no polling (nothing subscribes).
    this.provider = new JsonRpcProvider(this.url, network, { staticNetwork: network });
    this.protectedProvider = new JsonRpcProvider(this.protectedUrl, network, { staticNetwork: network });
  }

  async latestBlock(): Promise<LatestBlock> {
    const block = await this.provider.getBlock("latest");
    if (!block) throw new Error("the chain has no latest block");
    return { number: block.number, timestamp: block.timestamp, baseFeePerGas: block.baseFeePerGas ?? 0n };
  }

  /** ETH and every token's balance of `address`, all read at one block. */
  async balances(address: string, tokens: readonly TokenState[]): Promise<Balances> {
    const block = await this.provider.getBlockNumber();
    const [eth, ...amounts] = await Promise.all([
      this.provider.getBalance(address, block),
      ...tokens.map((t) =>
        IERC20__factory.connect(t.address, this.provider).balanceOf(address, { blockTag: block }),
      ),
    ]);
    return {
      block,
      eth: eth ?? 0n,
      tokens: Object.fromEntries(tokens.map((t, i) => [t.symbol, amounts[i] ?? 0n])),
    };
  }

  /** The pool's reserves as its `getReserves` answers now, in token0/token1 order. */
  async reserves(pool: Pick<PoolState, "address">): Promise<{ reserve0: bigint; reserve1: bigint }> {
    const [reserve0, reserve1] = await IAmmPair__factory.connect(pool.address, this.provider).getReserves();
    return { reserve0, reserve1 };
  }

  allowance(token: string, owner: string, spender: string): Promise<bigint> {
    return IERC20__factory.connect(token, this.provider).allowance(owner, spender);
  }

  /** The next nonce of `address`, counting its pending transactions (on the protected path: its private ones too). */
  nonce(address: string, viaProtected = false): Promise<number> {
    return (viaProtected ? this.protectedProvider : this.provider).getTransactionCount(address, "pending");
  }

  /** Sends a signed transaction: to the public mempool, or privately to the builder (protected path). */
  async sendRaw(raw: string, viaProtected = false): Promise<string> {
    return (viaProtected ? this.protectedProvider : this.provider).send("eth_sendRawTransaction", [raw]);
  }

  async transaction(hash: string): Promise<RpcTransaction | null> {
    return this.provider.send("eth_getTransactionByHash", [hash]);
  }

  /**
   * Posts a JSON-RPC body exactly as given, with extra headers (a bundle's `X-Flashbots-Signature`
   * signs these very bytes), and returns the answer's `result`, or throws with its error message.
   */
  async postSigned<T>(body: string, headers: Record<string, string>): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    const answer = (await response.json().catch(() => null)) as {
      result?: T;
      error?: { code: number; message: string };
    } | null;
    if (answer?.error) throw new RpcRefusal(answer.error.code, answer.error.message);
    if (!answer || !("result" in answer)) throw new Error(`the JSON-RPC port answered ${response.status}`);
    return answer.result as T;
  }
}
