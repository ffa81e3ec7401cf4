// Operation → the IAM action(s) AWS's Service Authorization Reference
// ("Actions, resources, and condition keys for Amazon S3") documents for it.
// A Record over OperationName: a new operation does not compile until mapped.
import type { OperationName } from '../router/index.js';

/** How one operation is authorized. */
export type Rule =
  /** Not about a bucket: resource '*'. */
  | { readonly scope: 'service'; readonly action: string }
  /** A bucket-level action: resource arn:aws:s3:::bucket. */
  | { readonly scope: 'bucket'; readonly action: string }
  /** An object-level action on arn:aws:s3:::bucket/key; `versioned` when the request names a versionId. */
  | { readonly scope: 'object'; readonly action: string; readonly versioned: string }
  /** PutObject on the destination and a read of the source (CopyObject, UploadPartCopy). */
  | { readonly scope: 'copy'; readonly action: string; readonly source: string; readonly sourceVersioned: string }
  /** Nothing at request level: the handler checks each key it is given (DeleteObjects). */
  | { readonly scope: 'perKey'; readonly action: string; readonly versioned: string }
  /** An operation Lode answers NotImplemented: no action to check. */
  | { readonly scope: 'notAuthorizable' };

const service = (action: string): Rule => ({ scope: 'service', action });
const bucket = (action: string): Rule => ({ scope: 'bucket', action });
/** Object actions without a version-specific variant (retention, legal hold, multipart). */
const object = (action: string, versioned: string = action): Rule => ({ scope: 'object', action, versioned });
const copy: Rule = { scope: 'copy', action: 's3:PutObject', source: 's3:GetObject', sourceVersioned: 's3:GetObjectVersion' };

export const RULES: Readonly<Record<OperationName, Rule>> = {
  ListBuckets: service('s3:ListAllMyBuckets'),

  CreateBucket: bucket('s3:CreateBucket'),
  // HeadBucket has no action of its own: AWS checks s3:ListBucket.
  HeadBucket: bucket('s3:ListBucket'),
  DeleteBucket: bucket('s3:DeleteBucket'),
  GetBucketLocation: bucket('s3:GetBucketLocation'),
  GetBucketVersioning: bucket('s3:GetBucketVersioning'),
  PutBucketVersioning: bucket('s3:PutBucketVersioning'),
  GetBucketAcl: bucket('s3:GetBucketAcl'),
  PutBucketAcl: bucket('s3:PutBucketAcl'),
  GetBucketPolicy: bucket('s3:GetBucketPolicy'),
  // Lifecycle has no Bucket in its action names; deleting it needs the Put action.
  GetBucketLifecycleConfiguration: bucket('s3:GetLifecycleConfiguration'),
  PutBucketLifecycleConfiguration: bucket('s3:PutLifecycleConfiguration'),
  DeleteBucketLifecycle: bucket('s3:PutLifecycleConfiguration'),
  // Tagging likewise: DeleteBucketTagging is authorized as s3:PutBucketTagging.
  GetBucketTagging: bucket('s3:GetBucketTagging'),
  PutBucketTagging: bucket('s3:PutBucketTagging'),
  DeleteBucketTagging: bucket('s3:PutBucketTagging'),
  GetBucketCors: bucket('s3:GetBucketCORS'),
  GetBucketEncryption: bucket('s3:GetEncryptionConfiguration'),
  GetObjectLockConfiguration: bucket('s3:GetBucketObjectLockConfiguration'),
  PutObjectLockConfiguration: bucket('s3:PutBucketObjectLockConfiguration'),
  GetBucketWebsite: bucket('s3:GetBucketWebsite'),
  ListObjects: bucket('s3:ListBucket'),
  ListObjectsV2: bucket('s3:ListBucket'),
  ListObjectVersions: bucket('s3:ListBucketVersions'),
  ListMultipartUploads: bucket('s3:ListBucketMultipartUploads'),

  DeleteObjects: { scope: 'perKey', action: 's3:DeleteObject', versioned: 's3:DeleteObjectVersion' },

  GetObject: object('s3:GetObject', 's3:GetObjectVersion'),
  HeadObject: object('s3:GetObject', 's3:GetObjectVersion'),
  PutObject: object('s3:PutObject'),
  CopyObject: copy,
  DeleteObject: object('s3:DeleteObject', 's3:DeleteObjectVersion'),
  GetObjectAcl: object('s3:GetObjectAcl', 's3:GetObjectVersionAcl'),
  PutObjectAcl: object('s3:PutObjectAcl', 's3:PutObjectVersionAcl'),
  GetObjectTagging: object('s3:GetObjectTagging', 's3:GetObjectVersionTagging'),
  PutObjectTagging: object('s3:PutObjectTagging', 's3:PutObjectVersionTagging'),
  DeleteObjectTagging: object('s3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging'),
  GetObjectRetention: object('s3:GetObjectRetention'),
  PutObjectRetention: object('s3:PutObjectRetention'),
  GetObjectLegalHold: object('s3:GetObjectLegalHold'),
  PutObjectLegalHold: object('s3:PutObjectLegalHold'),

  // Every step of a multipart upload is s3:PutObject on the object, except
  // aborting and listing parts, which have actions of their own.
  CreateMultipartUpload: object('s3:PutObject'),
  UploadPart: object('s3:PutObject'),
  UploadPartCopy: copy,
  CompleteMultipartUpload: object('s3:PutObject'),
  AbortMultipartUpload: object('s3:AbortMultipartUpload'),
  ListParts: object('s3:ListMultipartUploadParts'),

  Unsupported: { scope: 'notAuthorizable' },
};
