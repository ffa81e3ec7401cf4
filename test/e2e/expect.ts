import assert from 'node:assert/strict';

interface ServiceError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Awaits a promise that must reject with the given S3 error code ('*': any, for bodiless answers such as 304) and HTTP status. */
export async function expectS3Error(promise: Promise<unknown>, code: string, status: number, note = ''): Promise<ServiceError> {
  try {
    await promise;
  } catch (err) {
    const e = err as ServiceError;
    if (code !== '*')
      assert.equal(e.name ?? e.Code, code, `${note} expected ${code}, got ${String(e.name)} ${JSON.stringify(e.$metadata)}`);
    assert.equal(e.$metadata?.httpStatusCode, status, `${note} status`);
    return e;
  }
  assert.fail(`${note} expected ${code} but the request succeeded`);
}
