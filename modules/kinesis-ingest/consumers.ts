import { Construct } from "constructs";
import { KinesisStreamConsumer } from "@cdktf/provider-aws/lib/kinesis-stream-consumer";
import { assertMatches } from "../shared/validate";
import { MAX_CONSUMERS_PER_STREAM } from "./defaults";

/** Consumer names AWS accepts: 1 to 128 of `[a-zA-Z0-9_.-]`. */
const CONSUMER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Fails unless the names are valid, distinct and at most {@link MAX_CONSUMERS_PER_STREAM}. */
export function assertConsumerNames(names: readonly string[]): void {
  if (names.length > MAX_CONSUMERS_PER_STREAM) {
    throw new Error(`consumers must list at most ${MAX_CONSUMERS_PER_STREAM} enhanced fan-out consumers per stream, got ${names.length}`);
  }
  for (const name of names) assertMatches("consumers[]", name, CONSUMER_NAME, "1 to 128 characters of [a-zA-Z0-9_.-]");
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) throw new Error(`consumers must be distinct, got ${duplicates.join(", ")} more than once`);
}

/**
 * The stream's enhanced fan-out consumers, one `aws_kinesis_stream_consumer` per name, each under a
 * construct id equal to its name (so adding or removing one never renames another).
 */
export class StreamConsumers extends Construct {
  /** Consumer ARNs by name. */
  readonly consumerArns: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: { readonly streamArn: string; readonly names: readonly string[] }) {
    super(scope, id);
    const arns: Record<string, string> = {};
    for (const name of props.names) {
      arns[name] = new KinesisStreamConsumer(this, name, { name, streamArn: props.streamArn }).arn;
    }
    this.consumerArns = arns;
  }
}
