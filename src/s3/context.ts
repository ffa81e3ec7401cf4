// What a handler gets: the request, the response, the resolved endpoint, the
// authenticated principal and the interfaces it may use. No god object: the
// store and the logger are injected by main.ts through the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectStore } from '../storage/index.js';
import type { AuthResult } from './auth/index.js';
import type { Endpoint } from './router/index.js';
import type { Logger } from '../util/logger.js';
import { S3Error } from './errors.js';

export interface S3Settings {
  region: string;
  maxObjectSizeBytes: number;
  /** Shown as the owner of every bucket and object (IAM arrives later). */
  ownerId: string;
  ownerDisplayName: string;
  /** Length of a lifecycle "day" (shorter than 86,400,000 only to watch rules fire in tests). */
  lifecycleDayMs: number;
}

export interface RequestContext {
  readonly requestId: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly endpoint: Endpoint;
  readonly auth: AuthResult;
  readonly store: ObjectStore;
  readonly settings: S3Settings;
  readonly log: Logger;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** Sends `100 Continue` if the client asked for it; call before reading the body. */
  continueBody(): void;
}

export function bucketOf(ctx: RequestContext): string {
  const bucket = ctx.endpoint.bucket;
  if (bucket === undefined) throw new S3Error('InvalidRequest', 'This operation needs a bucket.');
  return bucket;
}

export function keyOf(ctx: RequestContext): string {
  const key = ctx.endpoint.key;
  if (key === undefined) throw new S3Error('InvalidRequest', 'This operation needs an object key.');
  return key;
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
