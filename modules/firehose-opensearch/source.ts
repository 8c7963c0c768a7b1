import type { Grantee } from "../shared/policy";

/**
 * The Kinesis data stream a delivery stream reads from: the part of kinesis-ingest's `IKinesisStream`
 * this module needs, so a stream created there (or imported) can be passed as is.
 */
export interface DeliverySourceStream {
  /** `arn:<partition>:kinesis:<region>:<account>:stream/<streamName>` */
  readonly streamArn: string;
  readonly streamName: string;
  /** Grants polling reads (and `kms:Decrypt` for a customer key) to the delivery role. */
  grantRead(grantee: Grantee): void;
}
