import type { ReadableKinesisStream } from "../shared/streams";

/** The Kinesis data stream a delivery stream reads from: the readers' one stream type. */
export type DeliverySourceStream = ReadableKinesisStream;
