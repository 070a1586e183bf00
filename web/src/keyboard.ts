/** The instructor's keys: space steps the run, p plays or pauses it. Typing in a field is left alone. */

export interface KeyActions {
  /** Whether the keys act now (an instructor, with a run to drive). */
  enabled(): boolean;
  step(): void;
  playOrPause(): void;
}

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function bindKeys(actions: KeyActions): void {
  document.addEventListener("keydown", (event) => {
    if (!actions.enabled() || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typingIn(event.target)) return;
    if (event.key === " ") {
      // On a focused button, space presses that button: leave it to the browser.
      if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
      event.preventDefault();
      actions.step();
    } else if (event.key === "p" || event.key === "P") {
      event.preventDefault();
      actions.playOrPause();
    }
  });
}
