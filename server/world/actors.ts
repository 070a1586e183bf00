/**
 * The named actors of the sandbox. Each is a fixed Hardhat test account, so every run has the
 * same addresses. These keys are public: never send real funds to them on any real network.
 */
import { HDNodeWallet, Mnemonic } from "ethers";

/** Hardhat's default test mnemonic: the same 20 accounts on every machine. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export interface ActorSpec {
  /** Index of the Hardhat account (m/44'/60'/0'/0/index). */
  index: number;
  /** What the actor does, in a few words a learner reads in the start-up table. */
  role: string;
}

export const ACTORS = {
  admin: { index: 0, role: "deploys the world; owns the oracle feeds and the lending pool" },
  lp: { index: 1, role: "liquidity provider on both DEXes and lender in the lending pool" },
  alice: { index: 2, role: "trader (the usual victim)" },
  bob: { index: 3, role: "another trader (a bystander)" },
  searcher: { index: 4, role: "sandwich searcher" },
  arbitrageur: { index: 5, role: "arbitrage searcher (owns the arbitrage executor)" },
  borrower: { index: 6, role: "borrows against collateral in the lending pool" },
  liquidator: { index: 7, role: "liquidates unhealthy positions (owns the flash liquidator)" },
  rival: {
    index: 8,
    role: "a second arbitrage searcher that bids against the first (owns the rival executor)",
  },
  builder: { index: 9, role: "block producer: the coinbase that collects priority fees" },
} as const satisfies Record<string, ActorSpec>;

export type ActorName = keyof typeof ACTORS;
export const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

/** Hardhat accounts from this index on are left free for learners' own wallets. */
export const FIRST_LEARNER_ACCOUNT = 10;
export const HARDHAT_ACCOUNT_COUNT = 20;

/** Derives Hardhat test account `index` (address and private key) from the public mnemonic. */
export function hardhatAccount(index: number): { address: string; privateKey: string } {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

/** The block producer's address: Hardhat is configured to credit it with every block's priority fees. */
export const COINBASE_ADDRESS = hardhatAccount(ACTORS.builder.index).address;

/** Whether `address` is the block producer's (a transaction sent there pays the builder directly). */
export function isCoinbase(address: string | null): boolean {
  return address?.toLowerCase() === COINBASE_ADDRESS.toLowerCase();
}
