// The types of ObjectStore's listings of objects and of versions.
// Re-exported by ObjectStore.ts.
import type { ObjectInfo } from './objectTypes.js';

export interface ListObjectVersionsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /** Resume after this key: after all its versions, or only after `versionIdMarker` of it. */
  keyMarker?: string;
  versionIdMarker?: string;
  /** 1..1000: versions, delete markers and common prefixes together. */
  maxKeys: number;
}

export interface ListObjectVersionsResult {
  /** Versions and delete markers, by key and then newest first; each with isLatest set. */
  versions: ObjectInfo[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

export interface ListObjectsInput {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  /** List keys strictly after this one (StartAfter, Marker, or a decoded continuation token). */
  startAfter?: string;
  /** 1..1000 */
  maxKeys: number;
}

export interface ListObjectsResult {
  objects: ObjectInfo[];
  /** Distinct prefixes up to and including the delimiter, in order. */
  commonPrefixes: string[];
  isTruncated: boolean;
  /** When truncated: the last key or common prefix returned; pass it as startAfter for the next page. */
  nextStartAfter?: string;
}
