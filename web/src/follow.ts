/**
 * Which room the page follows. A running run always; else, when live mode is on, the live chain
 * (where students' trades happen), not an old run; else the latest run, or the live chain. Anyone
 * can switch with "show the live chain" / "show the run"; the page moves again only when the class
 * does (a run starts, live mode is turned on).
 */

/** The room of the live chain (socket.io's "live" run id). */
export const LOBBY = "live";

export interface ClassStatus {
  runningRunId: string | null;
  liveEnabled: boolean;
}

/** The room to follow when the page opens. */
export function roomAtStart(
  status: ClassStatus | null,
  runs: { runningRunId: string | null; latest: string | null },
) {
  const running = status?.runningRunId ?? runs.runningRunId;
  if (running) return running;
  if (status?.liveEnabled) return LOBBY;
  return runs.latest ?? LOBBY;
}

/**
 * The room to move to after a status (`previous`: the one before, null for the first), or null to
 * stay where the viewer is.
 */
export function roomAfterStatus(
  status: ClassStatus,
  previous: ClassStatus | null,
  current: string | null,
): string | null {
  if (status.runningRunId) return status.runningRunId === current ? null : status.runningRunId;
  const turnedOn = status.liveEnabled && !previous?.liveEnabled;
  return turnedOn && current !== LOBBY ? LOBBY : null;
}
