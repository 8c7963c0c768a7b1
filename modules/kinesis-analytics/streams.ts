import type { ReadableKinesisStream, WritableKinesisStream } from "../shared/streams";

/** The stream the application reads: the readers' one stream type. */
export type FlinkInputStream = ReadableKinesisStream;

/** The stream the application writes: the writers' one stream type. */
export type FlinkOutputStream = WritableKinesisStream;
