/**
 * The responses `json()` makes. Building a Web `Response` with a body costs more than the rest of answering a
 * webhook (Node 20 makes a `ReadableStream` for every body), and the Node adapters never read that stream: they
 * write the text. So such a response is a `Response` whose body (and `Headers`) are made only when read;
 * the Web entry of the handler hands out a plain `Response` ({@link toPlainResponse}), so Bun, Deno and
 * frameworks that check the body's internal state see an ordinary one.
 */
/** A class of `Response` defined on first use (see {@link newJsonResponse}). */
let jsonResponseClass: ReturnType<typeof defineJsonResponse> | undefined;

/**
 * Defines the class. Not at module scope: naming `Response` there makes Node 20 load its fetch
 * implementation (undici, ~20 ms) on `import '@callwire/core'`, before any request needs it.
 */
function defineJsonResponse() {
  class JsonResponse extends Response {
    readonly #text: string;
    readonly #headerRecord: Record<string, string>;
    #headers: Headers | undefined;
    #whole: Response | undefined;

    constructor(text: string, status: number, headers: Record<string, string>) {
      super(null, { status });
      this.#text = text;
      this.#headerRecord = headers;
    }

    /** The response with its body, made on first use; every body method reads it. */
    #full(): Response {
      this.#whole ??= new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
      return this.#whole;
    }

    override get headers(): Headers {
      this.#headers ??= new Headers(this.#headerRecord);
      return this.#headers;
    }
    override get body(): Response['body'] {
      return this.#full().body;
    }
    override get bodyUsed(): boolean {
      return this.#whole?.bodyUsed ?? false;
    }
    override text(): Promise<string> {
      return this.#full().text();
    }
    override json(): Promise<unknown> {
      return this.#full().json();
    }
    override arrayBuffer(): Promise<ArrayBuffer> {
      return this.#full().arrayBuffer();
    }
    override blob(): Promise<Blob> {
      return this.#full().blob();
    }
    override formData(): Promise<FormData> {
      return this.#full().formData();
    }
    override bytes(): ReturnType<Response['bytes']> {
      return this.#full().bytes();
    }
    override clone(): Response {
      return this.#full().clone();
    }

    /** The answer as written on the wire while its body is unread: status, headers (a record while untouched) and text. */
    static wireOf(response: Response): { status: number; headers: Record<string, string> | undefined; text: string } | undefined {
      if (!(response instanceof JsonResponse) || response.bodyUsed) return undefined;
      return { status: response.status, headers: response.#headers ? undefined : response.#headerRecord, text: response.#text };
    }

    /** A plain `Response` with the same status, headers and body. */
    static toPlain(response: Response): Response {
      return response instanceof JsonResponse ? response.#full() : response;
    }
  }

  // Runtimes without Response#bytes (Node 20) must not seem to have it.
  if (!('bytes' in Response.prototype)) Reflect.deleteProperty(JsonResponse.prototype, 'bytes');
  return JsonResponse;
}

/** A response whose body (and `Headers`) are made only when read; `json()` answers with it. */
export function newJsonResponse(text: string, status: number, headers: Record<string, string>): Response {
  jsonResponseClass ??= defineJsonResponse();
  return new jsonResponseClass(text, status, headers);
}

/** The text, status and (while nobody touched them) header record of a response made by `json()`, while its body is unread. */
export function jsonWireOf(response: Response): { status: number; headers: Record<string, string> | undefined; text: string } | undefined {
  return jsonResponseClass?.wireOf(response);
}

/** `response`, or for a response made by `json()`, a plain `Response` with the same status, headers and body. */
export function toPlainResponse(response: Response): Response {
  return jsonResponseClass ? jsonResponseClass.toPlain(response) : response;
}

/** The headers of a JSON answer with nothing else to say (shared by every such answer, never changed). */
export const jsonHeaders: Readonly<Record<string, string>> = Object.freeze({ 'content-type': 'application/json; charset=utf-8' });

/**
 * An answer of callwire's own (its webhook routes and error answers) as the Node path writes it: status, header
 * record and body text, with no Web `Response` made for it. The Web entry turns it into a plain `Response`
 * ({@link toResponse}).
 */
export class WireAnswer {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly text: string,
  ) {}
}

/** A JSON answer: `body` as JSON text, with the JSON content type and any extra `headers`. */
export function jsonAnswer(body: unknown, status = 200, headers?: Record<string, string>): WireAnswer {
  return new WireAnswer(status, headers ? { ...jsonHeaders, ...headers } : jsonHeaders, JSON.stringify(body) ?? '');
}

/** What the handler answers internally: a route's `Response`, or a {@link WireAnswer}. */
export type Answer = Response | WireAnswer;

/** `answer` as a plain Web `Response` (a response made by `json()` included). */
export function toResponse(answer: Answer): Response {
  if (answer instanceof WireAnswer) return new Response(answer.text, { status: answer.status, headers: answer.headers });
  return toPlainResponse(answer);
}
