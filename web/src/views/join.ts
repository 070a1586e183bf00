/**
 * "Join the class": a name (and, in classroom mode, the class code the instructor shows). The
 * browser makes the student's key itself; only the address goes to the sandbox. And the key's
 * export, for MetaMask, behind a clear warning.
 */
import type { ConnectInfo } from "../api";
import { h } from "../dom";
import { rpcUrlOf } from "../wallet/chain";

export interface JoinFormActions {
  join(name: string, code: string): void;
  watchOnly(): void;
}

/** The longest name the class accepts; longer, and the server says so in its own words. */
const NAME_MAX = 32;

export function joinForm(classroom: boolean, actions: JoinFormActions): HTMLFormElement {
  const form = h(
    "form",
    { class: "join-form", "aria-label": "Join the class", "data-testid": "join-form" },
    h(
      "p",
      { class: "field" },
      h("label", { for: "join-name" }, "Your name"),
      h("input", {
        id: "join-name",
        name: "name",
        autocomplete: "nickname",
        required: true,
        "aria-describedby": "join-name-hint",
        "data-testid": "join-name",
      }),
      h(
        "small",
        { id: "join-name-hint" },
        `Up to ${NAME_MAX} characters: everyone sees it instead of your address.`,
      ),
    ),
    classroom &&
      h(
        "p",
        { class: "field" },
        h("label", { for: "join-code" }, "Class code"),
        h("input", {
          id: "join-code",
          name: "code",
          autocomplete: "off",
          required: true,
          "aria-describedby": "join-code-hint",
          "data-testid": "join-code",
        }),
        h("small", { id: "join-code-hint" }, "The code the instructor shows."),
      ),
    h(
      "p",
      { class: "field submit" },
      h("button", { type: "submit", class: "primary", "data-testid": "join-submit" }, "Join the class"),
      h(
        "button",
        { type: "button", "data-testid": "watch-only", onclick: () => actions.watchOnly() },
        "Just watch (read-only)",
      ),
    ),
    h(
      "p",
      { class: "muted" },
      "Joining makes a new test account in this browser: its key stays here, only its address goes to the sandbox, which funds it with test ETH and tokens.",
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const value = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? "";
    actions.join(value("name"), value("code"));
  });
  return form;
}

/** "Export your key": the private key shown only on request, with what it means and how to use it. */
export function exportKey(privateKey: string, connect: ConnectInfo | null): HTMLElement {
  const key = h("input", {
    id: "export-key",
    readonly: true,
    value: privateKey,
    class: "mono",
    "aria-describedby": "export-key-warning",
    "data-testid": "private-key",
  });
  const shown = h(
    "p",
    { class: "field", hidden: true },
    h("label", { for: "export-key" }, "Private key"),
    key,
  );
  const reveal = h("button", { type: "button", "data-testid": "show-key" }, "Show my private key");
  reveal.addEventListener("click", () => {
    shown.hidden = !shown.hidden;
    reveal.textContent = shown.hidden ? "Show my private key" : "Hide it";
    if (!shown.hidden) key.select();
  });
  return h(
    "details",
    { class: "export-key" },
    h("summary", {}, "Export your key (for MetaMask)"),
    h(
      "p",
      { id: "export-key-warning", class: "warning", role: "note" },
      "⚠ Whoever has this key controls the account. It is a test account of this sandbox: never send real funds to it, never use it on a real network. Do not show it on a projector.",
    ),
    connect &&
      h(
        "p",
        { class: "muted" },
        `MetaMask: add a network with RPC URL ${rpcUrlOf(connect, location.hostname)} and chain id ${connect.chainId}, then "Import account" with this key.`,
      ),
    reveal,
    shown,
  );
}
