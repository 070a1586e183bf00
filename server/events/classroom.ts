/**
 * The class: students joining, challenges scored from the chain, predictions. Sent to every viewer,
 * whatever run they follow (they carry the live chain's run id).
 */
import type { Base, Labelled } from "./common";

/** A student joined the class: from now on their address reads as their name everywhere. */
export interface StudentJoined extends Base {
  type: "student:joined";
  id: string;
  student: Labelled;
}

export type ChallengeKind = "searcher" | "protect" | "liquidate";

/** One student's result in a challenge, read from the chain. */
export interface Standing {
  name: string;
  address: string;
  /** Signed change of each holding over the challenge's blocks, in base units, by symbol ("ETH" included). */
  balanceChanges: Record<string, string>;
  /** ETH the student's transactions in the challenge's blocks paid in gas (wei). */
  gasPaid: string;
  /** The balance changes valued at the oracle prices, in USD with 8 decimals (signed). */
  score: string;
  /** What the student has not done yet that the challenge asks (they rank after those who have). */
  note?: string;
}

export interface ChallengeStarted extends Base {
  type: "challenge:started";
  id: string;
  kind: ChallengeKind;
  params: Record<string, unknown>;
  fromBlock: number;
  /** How many blocks it lasts. */
  blocks: number;
  /** What the students must do, in a sentence. */
  goal: string;
}

/** The standings after a block of the challenge, best first. */
export interface ChallengeStandings extends Base {
  type: "challenge:standings";
  id: string;
  block: number;
  standings: Standing[];
}

export interface ChallengeFinished extends Base {
  type: "challenge:finished";
  id: string;
  toBlock: number;
  standings: Standing[];
}

export type PollKind = "choice" | "number";

export interface PollOpened extends Base {
  type: "poll:opened";
  id: string;
  question: string;
  kind: PollKind;
  options: string[] | null;
}

/** How many answers a poll has (never who answered what, before the reveal). */
export interface PollAnswered extends Base {
  type: "poll:answered";
  id: string;
  answers: number;
}

export interface PollRevealed extends Base {
  type: "poll:revealed";
  id: string;
  /** How many students gave each answer (choice), or every answer given (number), by name. */
  distribution: Record<string, number>;
  answers: { name: string; answer: string }[];
  /** The true value, from the run (or given by the instructor). */
  truth: string;
  /** Where the truth was read, in words ("run-3, mev:classified victim.loss"). */
  truthFrom: string;
  /** The students who were right (choice) or closest (number). */
  closest: string[];
}
