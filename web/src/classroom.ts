/**
 * The class as this page knows it: the state of model/classroom.ts, loaded from the REST API and
 * moved by classroom events (which reach every viewer whatever room they follow), the class's
 * totals, and the student's answer to the poll.
 */
import type { SandboxEvent } from "../../server/events";
import {
  ApiError,
  answerPoll,
  getLeaderboard,
  type LeaderboardView,
  listChallenges,
  listPolls,
  listStudents,
} from "./api";
import { type ClassState, classFromViews, EMPTY_CLASS, isClassEvent, reduceClass } from "./model/classroom";
import type { Status } from "./student";

/** A list the server may not offer (an older sandbox): empty rather than an error on the page. */
const orEmpty = <T>(promise: Promise<T[]>) => promise.catch((): T[] => []);

export class Classroom {
  state: ClassState = EMPTY_CLASS;
  leaderboard: LeaderboardView["students"] | null = null;
  answer: { pollId: string; answer: string } | null = null;
  answerStatus: Status | null = null;

  constructor(private readonly changed: () => void) {}

  async load(): Promise<void> {
    const [students, challenges, polls] = await Promise.all([
      orEmpty(listStudents()),
      orEmpty(listChallenges()),
      orEmpty(listPolls()),
    ]);
    this.state = classFromViews({ students, challenges, polls });
    await this.loadLeaderboard();
    this.changed();
  }

  private async loadLeaderboard(): Promise<void> {
    this.leaderboard = await getLeaderboard().then(
      (view) => view.students,
      () => null,
    );
  }

  /** Applies a classroom event; returns false for any other event. */
  apply(event: SandboxEvent): boolean {
    if (!isClassEvent(event)) return false;
    this.state = reduceClass(this.state, event);
    if (event.type === "poll:opened") this.answerStatus = null;
    if (event.type === "challenge:finished") void this.loadLeaderboard().then(this.changed);
    this.changed();
    return true;
  }

  /** The student's answer, with the token they got on joining. */
  async sendAnswer(studentToken: string, pollId: string, answer: string): Promise<void> {
    this.answerStatus = { kind: "busy", text: "Sending your answer…" };
    this.changed();
    try {
      await answerPoll(studentToken, pollId, answer);
      this.answer = { pollId, answer };
      this.answerStatus = { kind: "done", text: "✔ Answer received." };
    } catch (error) {
      const text = error instanceof ApiError ? error.message : String(error);
      this.answerStatus = { kind: "error", text: `✘ ${text}` };
    }
    this.changed();
  }
}
