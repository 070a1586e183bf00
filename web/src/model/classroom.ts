/**
 * The class: who joined, the challenge under way (or the last one) with its standings, and the
 * latest poll. Unlike the run's slices (reducer.ts), this state does not follow a room: classroom
 * events reach every viewer whatever run they follow, and a new run does not clear them. It starts
 * from the REST views (GET /api/students, /api/challenges, /api/polls), and events move it on.
 */
import type { ChallengeView, PollView, StudentView } from "../../../server/classroom/views";
import type { Labelled, SandboxEvent } from "../../../server/events";
import { upsertBy } from "./lists";

/** The classroom events, by the domains of their type. */
export type ClassEvent = Extract<
  SandboxEvent,
  { type: `student:${string}` | `challenge:${string}` | `poll:${string}` }
>;

const CLASS_DOMAINS = ["student:", "challenge:", "poll:"];

export function isClassEvent(event: { type: string }): event is ClassEvent {
  return CLASS_DOMAINS.some((domain) => event.type.startsWith(domain));
}

export interface ChallengeState extends ChallengeView {
  /** The block of the latest standings; null before the first. */
  block: number | null;
}

export interface ClassState {
  students: Labelled[];
  /** The challenge under way, or the last one finished. */
  challenge: ChallengeState | null;
  /** The latest poll, open or revealed. */
  poll: PollView | null;
}

export const EMPTY_CLASS: ClassState = { students: [], challenge: null, poll: null };

/**
 * The class as the REST API describes it: the challenge running (else the latest one) and the poll
 * open (else the last one listed).
 */
export function classFromViews(views: {
  students: readonly StudentView[];
  challenges: readonly ChallengeView[];
  polls: readonly PollView[];
}): ClassState {
  const latest = [...views.challenges].sort((a, b) => a.fromBlock - b.fromBlock).at(-1);
  const challenge = views.challenges.find((c) => c.status === "running") ?? latest;
  return {
    students: views.students.map(({ name, address }) => ({ label: name, address })),
    challenge: challenge ? { ...challenge, block: challenge.toBlock } : null,
    poll: views.polls.find((p) => p.status === "open") ?? views.polls.at(-1) ?? null,
  };
}

const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function reduceClass(state: ClassState, event: ClassEvent): ClassState {
  switch (event.type) {
    case "student:joined":
      return {
        ...state,
        students: upsertBy(state.students, event.student, (s) =>
          sameAddress(s.address, event.student.address),
        ),
      };
    case "challenge:started":
      return {
        ...state,
        challenge: {
          id: event.id,
          kind: event.kind,
          status: "running",
          params: event.params,
          goal: event.goal,
          fromBlock: event.fromBlock,
          toBlock: null,
          blocks: event.blocks,
          standings: [],
          block: null,
        },
      };
    case "challenge:standings":
      if (state.challenge?.id !== event.id) return state;
      return { ...state, challenge: { ...state.challenge, standings: event.standings, block: event.block } };
    case "challenge:finished":
      if (state.challenge?.id !== event.id) return state;
      return {
        ...state,
        challenge: {
          ...state.challenge,
          status: "finished",
          toBlock: event.toBlock,
          block: event.toBlock,
          standings: event.standings,
        },
      };
    case "poll:opened":
      return {
        ...state,
        poll: {
          id: event.id,
          question: event.question,
          kind: event.kind,
          options: event.options,
          status: "open",
          answers: 0,
          reveal: null,
        },
      };
    case "poll:answered":
      if (state.poll?.id !== event.id) return state;
      return { ...state, poll: { ...state.poll, answers: event.answers } };
    case "poll:revealed": {
      if (state.poll?.id !== event.id) return state;
      const { distribution, answers, truth, truthFrom, closest } = event;
      return {
        ...state,
        poll: {
          ...state.poll,
          status: "revealed",
          answers: answers.length,
          reveal: { distribution, answers, truth, truthFrom, closest },
        },
      };
    }
  }
}
