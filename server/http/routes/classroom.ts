/**
 * The class over REST: students join and are listed, a page learns how to reach the chain,
 * challenges start and are read, the leaderboard, polls opened, answered and revealed.
 * Shapes: server/classroom/views.ts. Bodies are validated here; the work is the classroom's.
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import type { Student } from "../../classroom/students";
import { requireStudent } from "../auth";
import type { AppDeps } from "../deps";
import { parseOr400 } from "../errors";

const JoinSchema = z.strictObject({
  name: z
    .string({ error: "must be your name (1 to 32 characters)" })
    .max(256, "must be at most 32 characters"),
  address: z.string({ error: "must be your wallet's address (0x + 40 hex digits)" }).max(64),
  code: z.string({ error: "must be the class code the instructor shows" }).max(64).optional(),
});

const KIND = z.enum(["searcher", "protect", "liquidate"], {
  error: 'must be "searcher", "protect" or "liquidate"',
});

const ChallengeSchema = z.strictObject({
  kind: KIND,
  blocks: z
    .number({ error: "must be a whole number of blocks from 1 to 200" })
    .int()
    .min(1)
    .max(200)
    .default(10),
  params: z
    .strictObject({
      houseBots: z.boolean({ error: "must be true or false" }).optional(),
      tradesPerBlock: z
        .number({ error: "must be a whole number from 1 to 4" })
        .int()
        .min(1)
        .max(4)
        .optional(),
      slippage: z.number({ error: "must be a number of percent from 0.1 to 50" }).min(0.1).max(50).optional(),
      mevShare: z.boolean({ error: "must be true or false" }).optional(),
      amount: z
        .string({ error: 'must be an amount of WETH such as "5"' })
        .regex(/^\d{1,4}(\.\d{1,18})?$/, 'must be an amount of WETH such as "5"')
        .optional(),
      priceDrop: z
        .number({ error: "must be a whole number of percent from 1 to 90" })
        .int()
        .min(1)
        .max(90)
        .optional(),
    })
    .default({}),
});

const PollSchema = z
  .strictObject({
    question: z.string({ error: "must be the question" }).min(1).max(500),
    kind: z.enum(["choice", "number"], { error: 'must be "choice" or "number"' }),
    options: z
      .array(z.string().min(1).max(80), { error: "must be the list of options" })
      .min(2)
      .max(10)
      .optional(),
    answerFrom: z
      .strictObject({
        runId: z.string().max(64).optional(),
        event: z.string({ error: 'must be an event type such as "mev:classified"' }).min(1).max(64),
        path: z.string({ error: 'must be a dotted path such as "victim.loss"' }).min(1).max(128),
      })
      .optional(),
  })
  .refine((p) => p.kind === "number" || p.options !== undefined, {
    message: "a choice poll needs its options",
    path: ["options"],
  });

const AnswerSchema = z.strictObject({
  answer: z
    .union([z.string().min(1).max(80), z.number()], { error: "must be your answer" })
    .transform(String),
});
const RevealSchema = z.strictObject({
  answer: z
    .union([z.string().min(1).max(80), z.number()])
    .transform(String)
    .optional(),
});
const IdSchema = z.object({ id: z.string().regex(/^[a-z]+-\d{1,6}$/, "must be an id such as poll-1") });

/** The students' own actions: joining, and what a student's token allows (rate-limited and audited). */
export interface StudentActions {
  join: RequestHandler[];
  asStudent: RequestHandler[];
}

export function classroomRouter(
  { control, connect }: AppDeps,
  guard: RequestHandler[],
  students: StudentActions,
): Router {
  const router = Router();
  const { classroom } = control;
  const idOf = (params: unknown) => parseOr400(IdSchema, params, "id").id;
  const student = requireStudent((token) => classroom.studentByToken(token));

  router.get("/connect", (_req, res) => {
    res.json(connect);
  });

  router.post("/students", ...students.join, async (req, res) => {
    const body = parseOr400(JoinSchema, req.body, "join request");
    const { response, created } = await classroom.join(body);
    res.status(created ? 201 : 200).json(response);
  });

  router.get("/students", (_req, res) => {
    res.json({ students: classroom.students() });
  });

  router.post("/challenges", ...guard, async (req, res) => {
    const body = parseOr400(ChallengeSchema, req.body, "challenge");
    const view = await classroom.challenges.start(body.kind, body.params, body.blocks);
    res.status(201).location(`/api/challenges/${view.id}`).json(view);
  });

  router.get("/challenges", (_req, res) => {
    res.json({ challenges: classroom.challenges.list() });
  });

  router.get("/challenges/:id", (req, res) => {
    res.json(classroom.challenges.view(idOf(req.params)));
  });

  router.get("/leaderboard", (_req, res) => {
    res.json(classroom.challenges.leaderboard());
  });

  router.post("/polls", ...guard, (req, res) => {
    const body = parseOr400(PollSchema, req.body, "poll");
    const view = classroom.polls.open(body);
    res.status(201).location(`/api/polls/${view.id}`).json(view);
  });

  router.get("/polls", (_req, res) => {
    res.json({ polls: classroom.polls.list() });
  });

  router.get("/polls/:id", (req, res) => {
    res.json(classroom.polls.view(idOf(req.params)));
  });

  router.post("/polls/:id/answers", ...students.asStudent, student, (req, res) => {
    const { answer } = parseOr400(AnswerSchema, req.body, "answer");
    const who = res.locals.student as Student;
    res.json(classroom.polls.answer(idOf(req.params), who.name, answer));
  });

  router.post("/polls/:id/reveal", ...guard, (req, res) => {
    const { answer } = parseOr400(RevealSchema, req.body ?? {}, "reveal");
    res.json(classroom.polls.reveal(idOf(req.params), answer));
  });

  return router;
}
