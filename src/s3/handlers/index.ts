// The operation table: every name the router can produce has its handler
// (the Record type makes a missing one a compile error).
import type { RequestContext } from '../context.js';
import type { OperationName } from '../router/index.js';
import { abortMultipartUpload } from './abortMultipartUpload.js';
import { getBucketAcl, getObjectAcl, putBucketAcl, putObjectAcl } from './acl.js';
import { getBucketCors, getBucketEncryption, getBucketPolicy, getBucketWebsite, unsupported } from './bucketConfigNotFound.js';
import { deleteBucketLifecycle } from './deleteBucketLifecycle.js';
import { deleteBucketTagging } from './deleteBucketTagging.js';
import { deleteObjectTagging } from './deleteObjectTagging.js';
import { getBucketLifecycleConfiguration } from './getBucketLifecycleConfiguration.js';
import { getBucketTagging } from './getBucketTagging.js';
import { getObjectLegalHold } from './getObjectLegalHold.js';
import { getObjectLockConfiguration } from './getObjectLockConfiguration.js';
import { getObjectRetention } from './getObjectRetention.js';
import { getObjectTagging } from './getObjectTagging.js';
import { putBucketLifecycleConfiguration } from './putBucketLifecycleConfiguration.js';
import { putBucketTagging } from './putBucketTagging.js';
import { putBucketVersioning } from './putBucketVersioning.js';
import { putObjectLegalHold } from './putObjectLegalHold.js';
import { putObjectLockConfiguration } from './putObjectLockConfiguration.js';
import { putObjectRetention } from './putObjectRetention.js';
import { putObjectTagging } from './putObjectTagging.js';
import { completeMultipartUpload } from './completeMultipartUpload.js';
import { copyObject } from './copyObject.js';
import { createBucket } from './createBucket.js';
import { createMultipartUpload } from './createMultipartUpload.js';
import { deleteBucket } from './deleteBucket.js';
import { deleteObject } from './deleteObject.js';
import { deleteObjects } from './deleteObjects.js';
import { getBucketLocation } from './getBucketLocation.js';
import { getBucketVersioning } from './getBucketVersioning.js';
import { getObject } from './getObject.js';
import { headBucket } from './headBucket.js';
import { headObject } from './headObject.js';
import { listBuckets } from './listBuckets.js';
import { listMultipartUploads } from './listMultipartUploads.js';
import { listObjects } from './listObjects.js';
import { listObjectsV2 } from './listObjectsV2.js';
import { listObjectVersions } from './listObjectVersions.js';
import { listParts } from './listParts.js';
import { putObject } from './putObject.js';
import { uploadPart } from './uploadPart.js';
import { uploadPartCopy } from './uploadPartCopy.js';

export type Handler = (ctx: RequestContext) => Promise<void>;

export const handlers: Record<OperationName, Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketVersioning: getBucketVersioning,
  GetBucketAcl: getBucketAcl,
  PutBucketAcl: putBucketAcl,
  GetBucketPolicy: getBucketPolicy,
  GetBucketLifecycleConfiguration: getBucketLifecycleConfiguration,
  GetBucketTagging: getBucketTagging,
  GetBucketCors: getBucketCors,
  GetBucketEncryption: getBucketEncryption,
  GetObjectLockConfiguration: getObjectLockConfiguration,
  GetBucketWebsite: getBucketWebsite,
  ListObjectVersions: listObjectVersions,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  GetObjectAcl: getObjectAcl,
  PutObjectAcl: putObjectAcl,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
  PutBucketVersioning: putBucketVersioning,
  PutBucketTagging: putBucketTagging,
  DeleteBucketTagging: deleteBucketTagging,
  PutBucketLifecycleConfiguration: putBucketLifecycleConfiguration,
  DeleteBucketLifecycle: deleteBucketLifecycle,
  PutObjectLockConfiguration: putObjectLockConfiguration,
  GetObjectTagging: getObjectTagging,
  PutObjectTagging: putObjectTagging,
  DeleteObjectTagging: deleteObjectTagging,
  GetObjectRetention: getObjectRetention,
  PutObjectRetention: putObjectRetention,
  GetObjectLegalHold: getObjectLegalHold,
  PutObjectLegalHold: putObjectLegalHold,
  Unsupported: unsupported,
};
