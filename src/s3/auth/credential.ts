// The credential and signed-headers parts shared by the Authorization header
// and the presigned query: AK/yyyymmdd/region/service/aws4_request and a;b;c.
// Errors carry the code and message prefix of the form they came from, as S3
// answers AuthorizationHeaderMalformed for one and
// AuthorizationQueryParametersError for the other.
import { S3Error, type S3ErrorCode } from '../errors.js';
import { SCOPE_TERMINATOR, SERVICE } from './constants.js';

export interface AuthForm {
  code: Extract<S3ErrorCode, 'AuthorizationHeaderMalformed' | 'AuthorizationQueryParametersError'>;
  prefix: string;
}

export const HEADER_FORM: AuthForm = {
  code: 'AuthorizationHeaderMalformed',
  prefix: 'The authorization header is malformed; ',
};

export const QUERY_FORM: AuthForm = {
  code: 'AuthorizationQueryParametersError',
  prefix: 'Error parsing the X-Amz-Credential parameter; ',
};

export function malformed(form: AuthForm, detail: string): S3Error {
  return new S3Error(form.code, form.prefix + detail);
}

export interface Credential {
  accessKeyId: string;
  /** yyyymmdd */
  date: string;
  region: string;
  service: string;
  /** date/region/service/aws4_request */
  scope: string;
}

export function parseCredential(value: string, form: AuthForm): Credential {
  const parts = value.split('/');
  const badShape = (): S3Error =>
    malformed(form, 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  if (parts.length < 5) throw badShape();
  // Access key ids have no '/', but if one does, everything before the scope is the key.
  const [date, region, service, terminator] = parts.slice(-4) as [string, string, string, string];
  const accessKeyId = parts.slice(0, -4).join('/');
  if (accessKeyId === '' || region === '' || !/^\d{8}$/.test(date)) throw badShape();
  if (service !== SERVICE) {
    throw malformed(form, `incorrect service "${service}". This endpoint belongs to "${SERVICE}".`);
  }
  if (terminator !== SCOPE_TERMINATOR) {
    throw malformed(form, `incorrect terminal "${terminator}". This endpoint uses "${SCOPE_TERMINATOR}".`);
  }
  return { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/${terminator}` };
}

/** The scope date must be the date of the request timestamp. */
export function checkScopeDate(credential: Credential, amzDate: string, form: AuthForm): void {
  if (amzDate.slice(0, 8) !== credential.date) {
    const which = form === QUERY_FORM ? 'X-Amz-Date' : 'X-Amz-Date or Date';
    throw malformed(form, `Invalid credential date "${credential.date}". Date is not the same as ${which} "${amzDate.slice(0, 8)}".`);
  }
}

/** 'host;x-amz-date' → ['host', 'x-amz-date']; every name lower-case and non-empty; host required. */
export function parseSignedHeaders(value: string, form: AuthForm): string[] {
  const names = value.split(';');
  for (const name of names) {
    if (name === '' || name !== name.toLowerCase() || /[\s:]/.test(name)) {
      throw new S3Error(
        form.code,
        `${form === QUERY_FORM ? 'Error parsing the X-Amz-SignedHeaders parameter; ' : form.prefix}SignedHeaders "${value}" must be lower-case header names separated by ';'.`,
      );
    }
  }
  if (!names.includes('host')) {
    throw new S3Error(
      form.code,
      `${form === QUERY_FORM ? 'Error parsing the X-Amz-SignedHeaders parameter; ' : form.prefix}the host header must be signed.`,
    );
  }
  return names;
}
