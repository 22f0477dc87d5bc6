/**
 * Where evidence bytes live, behind one small interface. Files are content-addressed: the key is
 * the SHA-256 of the bytes, so the same photo uploaded twice is stored once and a stored file can
 * be checked against the hash the audit log recorded. The database keeps names, owners and types;
 * the store keeps only bytes. An S3-compatible store implements the same four methods
 * (docs/architecture.md, "Evidence files").
 */
import type { Readable } from 'node:stream';

/** The original bytes, or the small JPEG preview made for an image. */
export type FileVariant = 'original' | 'thumbnail';

export interface FileStore {
  /**
   * Stores `data` under `hash`. For the original the store checks that the bytes do hash to it
   * and refuses them otherwise. Storing what is already there is harmless.
   */
  put(hash: string, data: Buffer | Readable, variant?: FileVariant): Promise<void>;
  /** The stored bytes as a stream; throws FileMissingError when there are none. */
  get(hash: string, variant?: FileVariant): Promise<Readable>;
  has(hash: string, variant?: FileVariant): Promise<boolean>;
  /** Removes the bytes of every variant; nothing happens when there are none. */
  delete(hash: string): Promise<void>;
}

export class FileMissingError extends Error {
  constructor(readonly hash: string) {
    super(`no stored file ${hash}`);
    this.name = 'FileMissingError';
  }
}

export class HashMismatchError extends Error {
  constructor(readonly expected: string, readonly actual: string) {
    super(`the bytes hash to ${actual}, not ${expected}`);
    this.name = 'HashMismatchError';
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A store key is a lower-case SHA-256 and nothing else, so no caller can name a path. */
export function assertHash(hash: string): void {
  if (!SHA256_HEX.test(hash)) throw new Error(`not a SHA-256 file key: ${JSON.stringify(hash).slice(0, 80)}`);
}
