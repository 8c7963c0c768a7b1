import { describe, expect, test } from "vitest";
import { withoutLocalGaps } from "./local-gaps";

describe("the local target's stacks", () => {
  const mapping = (arn: string) => ({ event_source_arn: arn, function_name: "f", batch_size: 100 });

  test("leave out the resource types moto cannot create, and put mappings on a consumer onto its stream", () => {
    const out = withoutLocalGaps({
      resource: {
        aws_s3_bucket_metric: { m: { bucket: "b", name: "all" } },
        aws_kinesis_stream_consumer: { c: { name: "enrichment", stream_arn: "arn:s" } },
        aws_lambda_event_source_mapping: {
          efo: mapping("${aws_kinesis_stream_consumer.c.arn}"),
          shared: mapping("arn:aws:kinesis:eu-west-1:1:stream/s"),
        },
      },
    });
    expect(out.resource).toEqual({
      aws_kinesis_stream_consumer: { c: { name: "enrichment", stream_arn: "arn:s" } },
      aws_lambda_event_source_mapping: {
        efo: mapping("${aws_kinesis_stream_consumer.c.stream_arn}"),
        shared: mapping("arn:aws:kinesis:eu-west-1:1:stream/s"),
      },
    });
  });

  test("refuse to leave out a resource something references", () => {
    expect(() => withoutLocalGaps({ resource: { aws_s3_bucket_metric: { m: {} }, aws_sqs_queue: { q: { name: "${aws_s3_bucket_metric.m.id}" } } } })).toThrow(
      "aws_s3_bucket_metric is left out on the local target but something references it; see tools/deploy/local-gaps.ts",
    );
  });
});
