/**
 * The live connection: socket.io with the server's typed event map (server/http/socketEvents.ts).
 * The page follows one room at a time (a run, or "live" for the live chain). On every (re)connection it
 * joins the room again and receives a snapshot of the whole run in the acknowledgement: that is how
 * a viewer who joins mid-run, or whose connection dropped, catches up. Live events follow.
 */
import { io, type Socket } from "socket.io-client";
import type { SandboxStatus } from "../../server/control";
import type { SandboxEvent, SandboxHealed } from "../../server/events";
import { isEventType } from "../../server/events/eventTypes";
import type {
  ClientToServerEvents,
  RoomSnapshot,
  ServerToClientEvents,
} from "../../server/http/socketEvents";
import { type ClassEvent, isClassEvent } from "./model/classroom";

export type { RoomSnapshot, SandboxStatus };

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

export interface LiveHandlers {
  onState(state: ConnectionState, detail?: string): void;
  /** The room's snapshot, on joining and after every reconnection: rebuild the view from it. */
  onSnapshot(snapshot: RoomSnapshot): void;
  /** A live event of the room followed. */
  onEvent(event: SandboxEvent): void;
  onStatus(status: SandboxStatus): void;
  /** The sandbox restored its world (sent to every viewer, whatever run they follow). */
  onHealed(event: SandboxHealed): void;
  /** A classroom event (`student:*`, `challenge:*`, `poll:*`): the class's, whatever room is followed. */
  onClassEvent(event: ClassEvent): void;
  /** The server refused the instructor token given to `connect`. */
  onTokenRefused(message: string): void;
  onError(message: string): void;
}

type SandboxSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export class LiveConnection {
  private socket: SandboxSocket | null = null;
  private room: string | null = null;

  constructor(private readonly handlers: LiveHandlers) {}

  /** (Re)connects, with the instructor token when given (socket.io `auth`), and rejoins the room. */
  connect(token: string | null): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    const socket: SandboxSocket = io({ auth: token ? { token } : {}, reconnectionDelayMax: 2_000 });
    this.socket = socket;
    this.handlers.onState("connecting");
    socket.on("connect", () => {
      this.handlers.onState("connected");
      if (this.room && !this.local) this.join(this.room);
    });
    socket.on("disconnect", (reason) => {
      // "io client disconnect" is ours (a new connection replaces this one): not worth showing.
      if (reason !== "io client disconnect") this.handlers.onState("reconnecting", reason);
      // socket.io retries by itself after a dropped transport, not after the server hung up on us.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (error: Error & { data?: { code?: string } }) => {
      if (token && error.data?.code === "unauthorized") {
        this.handlers.onTokenRefused(error.message);
        this.connect(null);
        return;
      }
      this.handlers.onState(socket.active ? "reconnecting" : "offline", error.message);
    });
    socket.on("status", (status) => this.handlers.onStatus(status));
    socket.on("sandbox:healed", (event) => this.handlers.onHealed(event));
    // A reset run starts over: rejoining fetches its (empty) snapshot, which clears the page.
    socket.on("run:reset", ({ runId }) => {
      if (this.room === runId) this.join(runId);
    });
    socket.onAny((type: string, payload: unknown) => {
      if (!isEventType(type)) return;
      const event = payload as SandboxEvent;
      // The class is everyone's, like the sandbox's healing: not filtered by the room followed.
      if (isClassEvent(event)) return this.handlers.onClassEvent(event);
      if (this.room === null || event.runId !== this.room) return;
      if (this.heldBack) this.heldBack.push(event);
      else this.handlers.onEvent(event);
    });
  }

  /** Events that arrived while a join waited for its snapshot. */
  private heldBack: SandboxEvent[] | null = null;

  get currentRoom(): string | null {
    return this.room;
  }

  /** Whether the room is a file opened in the page (no server room to follow). */
  private local = false;

  /** Stops following the server's rooms: the page shows `room`, a file it opened itself. */
  showLocal(room: string): void {
    if (this.room && !this.local) this.socket?.emit("run:leave", { runId: this.room }, () => {});
    this.room = room;
    this.local = true;
    this.heldBack = null;
  }

  /** Follows `runId` ("live" for the live chain): its snapshot comes through `onSnapshot`. */
  join(runId: string): void {
    this.room = runId;
    this.local = false;
    const socket = this.socket;
    if (!socket?.connected) return; // joined on connection
    // The server takes the snapshot and joins the room in one tick, but its answer can reach us
    // after the room's next events: hold those back and apply them on top of the snapshot.
    const heldBack: SandboxEvent[] = [];
    this.heldBack = heldBack;
    socket.emit("run:join", { runId }, (response) => {
      if (this.room !== runId || this.heldBack !== heldBack) return; // another join overtook this one
      this.heldBack = null;
      if ("error" in response) this.handlers.onError(response.error.message);
      else {
        this.handlers.onSnapshot(response.data);
        for (const event of heldBack) this.handlers.onEvent(event);
      }
    });
  }

  close(): void {
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
  }
}
