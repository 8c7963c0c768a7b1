import type { Grantee } from "../shared/policy";

/** The stream the application reads: what a kinesis-ingest stream (or an imported one) offers. */
export interface FlinkInputStream {
  readonly streamArn: string;
  readonly streamName: string;
  /** Grants reading the stream (and decrypting it, for a customer-managed key). */
  grantRead(grantee: Grantee): void;
}

/** The stream the application writes. */
export interface FlinkOutputStream {
  readonly streamArn: string;
  readonly streamName: string;
  /** Grants writing the stream (and encrypting for it, for a customer-managed key). */
  grantWrite(grantee: Grantee): void;
}
