/**
 * The class, in one object: students who join by name (and are funded on the chain), challenges
 * scored from the chain, the leaderboard, and predictions. The HTTP routes are thin adapters over it.
 */
import type { LiveChain } from "../control/liveChain";
import type { ChainLock } from "../control/lock";
import type { EventBus, EventDraft, SandboxEvent } from "../events";
import type { World } from "../world/types";
import { ChallengeDesk } from "./challenges";
import { StudentFunding } from "./funding";
import { PollBook } from "./polls";
import { type JoinRequest, type Student, StudentRoster } from "./students";
import type { JoinResponse, StudentView } from "./views";

/** The run id of the class's events (the live chain's). */
const CLASS_RUN_ID = "live";

export interface ClassroomOptions {
  world: World;
  bus: EventBus;
  live: LiveChain;
  lock: ChainLock;
  /** The code students type to join; null in solo mode (no code asked). */
  classCode: string | null;
  /** Which chain we are on (CleanWorld.generation): funding from an earlier one is gone. */
  generation: () => number;
  /** The run holding the chain, if any. */
  runningRunId: () => string | null;
  /** Every run's events, newest last (polls read their truth there). */
  runEvents: () => { id: string; events: readonly SandboxEvent[] }[];
  setHouseBots: (enabled: boolean) => Promise<void>;
  onError: (error: unknown) => void;
}

export class Classroom {
  readonly roster: StudentRoster;
  readonly funding: StudentFunding;
  readonly challenges: ChallengeDesk;
  readonly polls: PollBook;

  constructor(private readonly options: ClassroomOptions) {
    const { world, live, lock, bus } = options;
    this.roster = new StudentRoster(world.registry, options.classCode);
    const runHoldsChain = () => options.runningRunId() !== null;
    this.funding = new StudentFunding({ world, live, lock, generation: options.generation, runHoldsChain });
    const publish = (draft: EventDraft) => this.publish(draft);
    this.challenges = new ChallengeDesk({
      world,
      live,
      lock,
      bus,
      publish,
      students: () => this.roster.list().map(({ name, address }) => ({ name, address })),
      setHouseBots: options.setHouseBots,
      chainBusy: () => {
        const run = options.runningRunId();
        return run ? `run ${run} holds the chain` : undefined;
      },
      onError: options.onError,
    });
    this.polls = new PollBook({ publish, runs: options.runEvents });
    // A run took the chain back to the clean world, where nobody is funded: fund the class again.
    live.onResume(() => void this.fundEveryone().catch(options.onError));
  }

  /**
   * A student joins (or joins again from a new tab): their name goes into the registry, their account
   * is funded on the chain (in the next block, mined at once), and they get their token.
   */
  async join(request: JoinRequest): Promise<{ response: JoinResponse; created: boolean }> {
    const { student, isNew } = this.roster.join(request);
    if (isNew) {
      this.publish({
        type: "student:joined",
        id: student.id,
        student: { address: student.address, label: student.name },
      });
    }
    await this.funding.fund([student.address]);
    const { id, name, address, token } = student;
    return { response: { id, name, address, token }, created: isNew };
  }

  students(): StudentView[] {
    return this.roster.list().map((s) => this.viewOf(s));
  }

  /** The student whose token this is (their token proves who answers a poll). */
  studentByToken(token: string): Student | undefined {
    return this.roster.byToken(token);
  }

  private viewOf({ id, name, address }: Student): StudentView {
    return { id, name, address, funded: this.funding.isFunded(address) };
  }

  private async fundEveryone(): Promise<void> {
    const students = this.roster.list();
    if (students.length > 0) await this.funding.fund(students.map((s) => s.address));
  }

  private publish(draft: EventDraft): void {
    this.options.bus.emit({ ...draft, runId: CLASS_RUN_ID, step: -1 } as SandboxEvent);
  }
}
