/**
 * The webview's side of the transport: posts typed requests and resolves them when the reply
 * with the same id arrives; pushes from the extension go to one handler. Every incoming message
 * passes parseToWebview first and is dropped when it does not fit the protocol.
 */
import {
  parseSavedState, parseToWebview,
  type ErrorView, type FromWebviewRequest, type PushMessage, type RequestType, type Results, type SavedState,
} from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A failed request, carrying the extension's message and hint. */
export class RequestFailed extends Error {
  constructor(readonly error: ErrorView) {
    super(error.message);
  }
}

/** A request without its id (the host numbers them), one member per request type. */
type RequestBody = FromWebviewRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class Host {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { request: RequestType; resolve: (result: never) => void; reject: (error: RequestFailed) => void }>();

  constructor(onPush: (message: PushMessage) => void) {
    window.addEventListener('message', (event: MessageEvent) => {
      const message = parseToWebview(event.data);
      if (!message) return;
      if (message.type !== 'reply') {
        onPush(message);
        return;
      }
      const waiting = this.pending.get(message.id);
      // A reply must answer a request we sent, of the kind we sent.
      if (!waiting || waiting.request !== message.request) return;
      this.pending.delete(message.id);
      if (message.ok) waiting.resolve(message.result as never);
      else waiting.reject(new RequestFailed(message.error));
    });
  }

  /** Tells the extension the page listens; it answers with `init`. */
  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  request<R extends RequestBody>(request: R): Promise<Results[R['type']]> {
    const id = this.nextId++;
    return new Promise<Results[R['type']]>((resolve, reject) => {
      this.pending.set(id, { request: request.type, resolve: resolve as (result: never) => void, reject });
      this.api.postMessage({ ...request, id });
    });
  }

  loadState(): SavedState | undefined {
    return parseSavedState(this.api.getState());
  }

  /** Saved state goes through the same parser, so only its known, non-secret fields are kept. */
  saveState(state: SavedState): void {
    const clean = parseSavedState(state);
    if (clean) this.api.setState(clean);
  }
}
