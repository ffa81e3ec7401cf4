// Parses `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
// Spaces after the commas are optional (the S3 documentation examples have
// none, the SDKs send one). Other schemes get the answer S3 gives them.
import { S3Error } from '../errors.js';
import { ALGORITHM } from './constants.js';
import { HEADER_FORM, malformed, parseCredential, parseSignedHeaders, type Credential } from './credential.js';

export interface ParsedAuthorization {
  credential: Credential;
  signedHeaders: string[];
  /** As sent, for the canonical request ('a;b;c'). */
  signedHeadersRaw: string;
  signature: string;
}

export function parseAuthorizationHeader(value: string): ParsedAuthorization {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const scheme = space === -1 ? trimmed : trimmed.slice(0, space);
  if (scheme !== ALGORITHM) throw unsupportedScheme(scheme, value);
  if (space === -1) throw missingComponents();

  const fields = new Map<string, string>();
  for (const part of trimmed.slice(space + 1).split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq).trim();
    if (eq === -1 || fields.has(key)) {
      throw malformed(HEADER_FORM, `could not parse "${item}"; expecting "Credential=..., SignedHeaders=..., Signature=...".`);
    }
    fields.set(key, item.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) throw missingComponents();
  return {
    credential: parseCredential(credential, HEADER_FORM),
    signedHeaders: parseSignedHeaders(signedHeaders, HEADER_FORM),
    signedHeadersRaw: signedHeaders,
    signature,
  };
}

function missingComponents(): S3Error {
  return malformed(HEADER_FORM, 'the authorization header requires three components: Credential, SignedHeaders, and Signature.');
}

function unsupportedScheme(scheme: string, value: string): S3Error {
  if (scheme === 'AWS') {
    // Signature Version 2 ("AWS AKID:signature"): S3 regions opened since 2014 answer this.
    return new S3Error('InvalidRequest', `The authorization mechanism you have provided is not supported. Please use ${ALGORITHM}.`);
  }
  return new S3Error('InvalidArgument', 'Unsupported Authorization Type', {
    ArgumentName: 'Authorization',
    ArgumentValue: value,
  });
}
