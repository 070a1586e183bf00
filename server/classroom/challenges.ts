/**
 * Challenges on the live chain, scored from the chain. The instructor starts one (its kind, its
 * parameters, how many blocks); the stage is set; then after every block the standings are read
 * and published (`challenge:standings`), and after the last one the challenge ends
 * (`challenge:finished`) and its scores go to the class's leaderboard.
 *
 * Who takes part: the students who had joined when it started (a later joiner's funding would
 * count as a gain).
 */
import type { LiveChain } from "../control/liveChain";
import type { ChainLock } from "../control/lock";
import { ConflictError, NotFoundError } from "../errors";
import type { BlockMined, ChallengeKind, EventBus, EventDraft, Standing } from "../events";
import { createRandom } from "../math/random";
import type { World } from "../world/types";
import { CHALLENGE_PLANS, type ChallengeParams, DEFAULT_PARAMS, type KindContext } from "./challengeKinds";
import { gasPaidIn, type Participant, standingsAt } from "./standings";
import type { ChallengeView, LeaderboardView } from "./views";

export interface ChallengeDeskOptions {
  world: World;
  live: LiveChain;
  lock: ChainLock;
  bus: EventBus;
  /** Publishes a classroom event (the live chain's run id). */
  publish: (draft: EventDraft) => void;
  /** The students now, with their names. */
  students: () => Participant[];
  /** Turns the house bots (live mode) on or off. */
  setHouseBots: (enabled: boolean) => Promise<void>;
  /** Why the live chain cannot host a challenge now (a run holds the chain), or undefined. */
  chainBusy: () => string | undefined;
  onError: (error: unknown) => void;
}

interface Challenge {
  view: ChallengeView;
  params: ChallengeParams;
  participants: Participant[];
  blocks: BlockMined[];
  context: KindContext;
}

export class ChallengeDesk {
  private readonly challenges: Challenge[] = [];
  /** Each student's scores of the finished challenges, by address. */
  private readonly scores = new Map<string, { name: string; address: string; scores: bigint[] }>();
  /** Block reports wait here and are scored one after another. */
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChallengeDeskOptions) {
    options.bus.on((event) => {
      if (event.type !== "block:mined" || event.runId !== "live") return;
      const running = this.running();
      if (!running || event.block < running.view.fromBlock) return;
      running.blocks.push(event);
      this.work = this.work.then(() => this.afterBlock(running, event)).catch(options.onError);
    });
  }

  running(): Challenge | undefined {
    return this.challenges.find((c) => c.view.status === "running");
  }

  /** Why no challenge may start or a run may not take the chain: one is running. */
  busyReason(): string | undefined {
    const running = this.running();
    return (
      running &&
      `challenge ${running.view.id} (${running.view.kind}) is running until block ${running.view.fromBlock + running.view.blocks - 1}`
    );
  }

  async start(kind: ChallengeKind, given: Partial<ChallengeParams>, blocks: number): Promise<ChallengeView> {
    const busy = this.busyReason() ?? this.options.chainBusy();
    if (busy) throw new ConflictError(`a challenge cannot start now: ${busy}`, { code: "chain_busy" });
    const id = `challenge-${this.challenges.length + 1}`;
    const params = { ...DEFAULT_PARAMS[kind], ...given };
    const plan = CHALLENGE_PLANS[kind];
    const { world, live, lock } = this.options;
    const context: KindContext = { world, engine: live.engine, random: createRandom(id), params };
    await this.options.setHouseBots(params.houseBots);
    const fromBlock = await lock.run(async () => {
      await plan.setup(context);
      await plan.beforeBlock?.(context);
      return (await world.chain.latestBlock()).number + 1;
    });
    const view: ChallengeView = {
      id,
      kind,
      status: "running",
      params: { ...params },
      goal: plan.goal(params),
      fromBlock,
      toBlock: null,
      blocks,
      standings: [],
    };
    this.challenges.push({ view, params, participants: this.options.students(), blocks: [], context });
    this.options.publish({
      type: "challenge:started",
      id,
      kind,
      params: view.params,
      fromBlock,
      blocks,
      goal: view.goal,
    });
    return view;
  }

  view(id: string): ChallengeView {
    const challenge = this.challenges.find((c) => c.view.id === id);
    if (!challenge)
      throw new NotFoundError(`no challenge with id "${id}"`, { code: "unknown_challenge", details: { id } });
    return challenge.view;
  }

  list(): ChallengeView[] {
    return this.challenges.map((c) => c.view);
  }

  /** The class's totals across finished challenges, best first; every student, even with none. */
  leaderboard(): LeaderboardView {
    const entries = this.options.students().map(({ name, address }) => {
      const scores = this.scores.get(address.toLowerCase())?.scores ?? [];
      return { name, address, challenges: scores.length, total: scores.reduce((a, b) => a + b, 0n) };
    });
    entries.sort((a, b) => (a.total === b.total ? a.name.localeCompare(b.name) : a.total > b.total ? -1 : 1));
    return { students: entries.map((e) => ({ ...e, total: e.total.toString() })) };
  }

  private async afterBlock(challenge: Challenge, block: BlockMined): Promise<void> {
    const { view } = challenge;
    if (view.status !== "running") return;
    const gas = gasPaidIn(challenge.blocks, challenge.participants);
    const standings = await standingsAt(
      this.options.world,
      challenge.participants,
      view.fromBlock,
      block.block,
      gas,
    );
    view.standings = this.annotate(challenge, standings);
    const last = view.fromBlock + view.blocks - 1;
    if (block.block >= last) {
      view.status = "finished";
      view.toBlock = block.block;
      this.record(view.standings);
      this.options.publish({
        type: "challenge:finished",
        id: view.id,
        toBlock: block.block,
        standings: view.standings,
      });
      return;
    }
    this.options.publish({
      type: "challenge:standings",
      id: view.id,
      block: block.block,
      standings: view.standings,
    });
    const plan = CHALLENGE_PLANS[view.kind];
    if (plan.beforeBlock) await this.options.lock.run(() => plan.beforeBlock!(challenge.context));
  }

  /** Students who have not done what the challenge asks rank after those who have, with a note. */
  private annotate(challenge: Challenge, standings: Standing[]): Standing[] {
    const note = CHALLENGE_PLANS[challenge.view.kind].note;
    if (!note) return standings;
    const noted = standings.map((s) => ({
      ...s,
      ...(note(s, challenge.params) ? { note: note(s, challenge.params) } : {}),
    }));
    return [...noted.filter((s) => !s.note), ...noted.filter((s) => s.note)];
  }

  private record(standings: readonly Standing[]): void {
    for (const s of standings) {
      const key = s.address.toLowerCase();
      const entry = this.scores.get(key) ?? { name: s.name, address: s.address, scores: [] };
      entry.scores.push(BigInt(s.score));
      this.scores.set(key, entry);
    }
  }
}
