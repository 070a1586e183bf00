/**
 * The class over the REST API, as the page and scripts read it (web/ imports these with
 * `import type`). Amounts are decimal strings of base units; USD figures have 8 decimals.
 *
 *   POST /api/students { name, address, code? }       → 201 JoinResponse
 *   GET  /api/students                                → { students: StudentView[] }
 *   GET  /api/connect                                 → ConnectInfo
 *   POST /api/challenges { kind, params?, blocks }    → 201 ChallengeView        (instructor)
 *   GET  /api/challenges, /api/challenges/:id         → { challenges } / ChallengeView
 *   GET  /api/leaderboard                             → LeaderboardView
 *   POST /api/polls { question, kind, options?, answerFrom? } → 201 PollView     (instructor)
 *   POST /api/polls/:id/answers { answer }            → PollView                 (the student's token)
 *   POST /api/polls/:id/reveal { answer? }            → PollView                 (instructor)
 *   GET  /api/polls, /api/polls/:id                   → { polls } / PollView
 */
import type { ChallengeKind, PollKind, PollRevealed, Standing } from "../events";

export interface StudentView {
  id: string;
  name: string;
  address: string;
  /** Whether the sandbox has funded the account on the chain as it is now (ETH and the four tokens). */
  funded: boolean;
}

/** What a student gets on joining: keep the token, it proves who you are (answering polls). */
export interface JoinResponse {
  id: string;
  name: string;
  address: string;
  token: string;
}

/** How a page or wallet reaches the chain: the JSON-RPC port on the host the page was loaded from. */
export interface ConnectInfo {
  chainId: number;
  rpcPort: number;
  /** The JSON-RPC port speaks TLS (https, wss). */
  tls: boolean;
  /** The protected endpoint's path on the JSON-RPC port. */
  protectedPath: string;
  /** Classroom mode: joining needs the class code the instructor shows. */
  classroom: boolean;
  /** The block producer's address: where a bundle's payment goes. */
  coinbase: string;
}

export interface ChallengeView {
  id: string;
  kind: ChallengeKind;
  status: "running" | "finished";
  params: Record<string, unknown>;
  goal: string;
  fromBlock: number;
  /** The last block it counts; null while it runs. */
  toBlock: number | null;
  blocks: number;
  /** Best first; every figure agrees with the chain to the base unit. */
  standings: Standing[];
}

export interface LeaderboardEntry {
  name: string;
  address: string;
  /** Challenges the student took part in. */
  challenges: number;
  /** The sum of their challenge scores, USD with 8 decimals. */
  total: string;
}

export interface LeaderboardView {
  students: LeaderboardEntry[];
}

export interface PollView {
  id: string;
  question: string;
  kind: PollKind;
  options: string[] | null;
  status: "open" | "revealed";
  /** How many students answered. */
  answers: number;
  /** After the reveal: the distribution, the truth and who was closest. */
  reveal: Omit<PollRevealed, "type" | "runId" | "step" | "id"> | null;
}
