// S3 resource ARNs as IAM policies name them. The key goes in verbatim
// (decoded, spaces and unicode as they are): policies compare against the
// key the user wrote, never a percent-encoded form.
export const ALL_RESOURCES = '*';

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}
