/** The catalog: every event in one union, by type, and drafts before the engine stamps them. */
import type { AuctionBid, BanditUpdated, BlockBuilt, BundleCancelled, BundleReceived } from "./builder";
import type { BlockMined, TxPending } from "./chain";
import type {
  ChallengeFinished,
  ChallengeStandings,
  ChallengeStarted,
  PollAnswered,
  PollOpened,
  PollRevealed,
  StudentJoined,
} from "./classroom";
import type {
  BridgeLocked,
  BridgeRelayed,
  BridgeReleased,
  CrossChainBlock,
  CrossChainOpened,
} from "./crosschain";
import type { FlashLoanTaken } from "./flashLoan";
import type { BalancesUpdated, OracleUpdated, PoolUpdated, PositionUpdated } from "./market";
import type { MevClassified, OpportunityFound, OpportunitySkipped } from "./mev";
import type { HintShared, RefundPaid } from "./mevShare";
import type { RiskKilled, RiskLimitHit, RiskResumed } from "./risk";
import type { RunFailed, RunFinished, RunStarted, StepFinished, StepStarted } from "./run";
import type { SandboxHealed } from "./sandbox";

export type SandboxEvent =
  | RunStarted
  | RunFinished
  | RunFailed
  | StepStarted
  | StepFinished
  | TxPending
  | BlockMined
  | PoolUpdated
  | OracleUpdated
  | PositionUpdated
  | OpportunityFound
  | OpportunitySkipped
  | MevClassified
  | FlashLoanTaken
  | BalancesUpdated
  | BundleReceived
  | BundleCancelled
  | BlockBuilt
  | AuctionBid
  | BanditUpdated
  | RiskLimitHit
  | RiskKilled
  | RiskResumed
  | SandboxHealed
  | StudentJoined
  | ChallengeStarted
  | ChallengeStandings
  | ChallengeFinished
  | PollOpened
  | PollAnswered
  | PollRevealed
  | HintShared
  | RefundPaid
  | CrossChainOpened
  | CrossChainBlock
  | BridgeLocked
  | BridgeRelayed
  | BridgeReleased;

export type SandboxEventType = SandboxEvent["type"];

/** The catalog as a map from type to payload, for typed listeners and socket.io. */
export type SandboxEventMap = { [E in SandboxEvent as E["type"]]: E };

/** An event before the engine stamps it with the run id and step. */
export type EventDraft<E extends SandboxEvent = SandboxEvent> = E extends SandboxEvent
  ? Omit<E, "runId" | "step">
  : never;
