// Record shapes shared by the drive and the index (a leaf: drive/ and meta/
// both import it and neither imports the other).

/** One file holding a contiguous run of an object's bytes (on one drive: the whole run; with erasure: this drive's shard of it). */
export interface DataPart {
  fileId: string;
  sizeBytes: number;
}
