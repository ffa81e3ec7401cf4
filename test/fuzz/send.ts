// Sends one fuzzed request over a raw socket (so that duplicated headers,
// control characters and lying lengths reach the server as written) and
// reads the answer under a deadline. A request that gets no complete answer
// in time is a hang, unless the client itself did not finish its request.
import { connect } from 'node:net';

export interface Outcome {
  kind: 'response' | 'closed' | 'hang' | 'hung-up';
  status?: number;
  headers?: Record<string, string>;
  /** The first bytes of the response body. */
  bodyPreview?: string;
  elapsedMs: number;
}

export interface SendInput {
  port: number;
  head: Buffer;
  body: Buffer;
  method: string;
  /** Half-close after writing: the request is incomplete and nothing more will come. */
  endAfterWrite: boolean;
  hangUp?: { phase: 'request' | 'response'; atByte: number };
  deadlineMs: number;
}

const PREVIEW_BYTES = 2048;

export function send(input: SendInput): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = connect(input.port, '127.0.0.1');
    let settled = false;
    let head: Buffer = Buffer.alloc(0);
    let parsed: { status: number; headers: Record<string, string>; bodyStart: Buffer } | undefined;
    let preview: Buffer = Buffer.alloc(0);
    let bodyBytes = 0;
    let responseBytes = 0;
    let tail = '';
    const finish = (outcome: Omit<Outcome, 'elapsedMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...outcome, elapsedMs: Date.now() - started });
    };
    const respond = (): void =>
      finish({ kind: 'response', status: parsed!.status, headers: parsed!.headers, bodyPreview: preview.toString('utf8') });
    const hang = (): void =>
      parsed !== undefined
        ? finish({ kind: 'hang', status: parsed.status, headers: parsed.headers, bodyPreview: preview.toString('utf8') })
        : finish({ kind: 'hang' });
    // The verdict is the server's only if this process was listening: a
    // timer that fires late means our own event loop was blocked (a loaded
    // CI machine, a large mutation being built), and the answer may be
    // waiting unread. Then wait one more deadline; otherwise let pending
    // socket events run (setImmediate follows the poll phase) and judge.
    let rearmed = false;
    const onDeadline = (armedAt: number): void => {
      const lateMs = Date.now() - armedAt - input.deadlineMs;
      if (lateMs > 1000 && !rearmed) {
        rearmed = true;
        const at = Date.now();
        timer = setTimeout(() => onDeadline(at), input.deadlineMs);
        return;
      }
      setImmediate(() => {
        if (!settled) hang();
      });
    };
    let timer = setTimeout(() => onDeadline(started), input.deadlineMs);
    socket.on('error', () => (parsed !== undefined ? respondIfDone(true) : finish({ kind: 'closed' })));
    socket.on('close', () => (parsed !== undefined ? respondIfDone(true) : finish({ kind: 'closed' })));

    const request = Buffer.concat([input.head, input.body]);
    socket.on('connect', () => {
      if (input.hangUp?.phase === 'request') {
        socket.write(request.subarray(0, Math.min(input.hangUp.atByte, request.length)), () => finish({ kind: 'hung-up' }));
        return;
      }
      socket.write(request);
      if (input.endAfterWrite) socket.end();
    });

    const respondIfDone = (closed: boolean): void => {
      if (parsed === undefined) return;
      const h = parsed.headers;
      const noBody = input.method === 'HEAD' || parsed.status === 204 || parsed.status === 304;
      const length = h['content-length'] === undefined ? undefined : Number(h['content-length']);
      if (noBody || (length !== undefined && bodyBytes >= length) || (h['transfer-encoding'] === 'chunked' && tail.endsWith('0\r\n\r\n')))
        respond();
      else if (closed) finish({ kind: 'closed', status: parsed.status, headers: h, bodyPreview: preview.toString('utf8') });
    };

    const onBody = (data: Buffer): void => {
      bodyBytes += data.length;
      if (preview.length < PREVIEW_BYTES) preview = Buffer.concat([preview, data.subarray(0, PREVIEW_BYTES - preview.length)]);
      tail = (tail + data.subarray(Math.max(0, data.length - 8)).toString('latin1')).slice(-8);
    };

    socket.on('data', (data: Buffer) => {
      responseBytes += data.length;
      if (input.hangUp?.phase === 'response' && responseBytes >= input.hangUp.atByte) return finish({ kind: 'hung-up' });
      if (parsed !== undefined) {
        onBody(data);
        return respondIfDone(false);
      }
      head = Buffer.concat([head, data]);
      for (;;) {
        const end = head.indexOf('\r\n\r\n');
        if (end === -1) return;
        const lines = head.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
        const rest = head.subarray(end + 4);
        if (status === 100) {
          head = rest;
          continue;
        }
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        parsed = { status, headers, bodyStart: rest };
        onBody(rest);
        return respondIfDone(false);
      }
    });
  });
}
