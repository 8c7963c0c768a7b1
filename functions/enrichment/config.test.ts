import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

const required = {
  LOOKUP_TABLE_NAME: "customers",
  OUTPUT_STREAM_NAME: "enriched",
  DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
};

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    // Act
    const config = loadConfig(required);

    // Assess
    expect(config).toEqual({
      lookupTableName: "customers",
      lookupKeyField: "customer_id",
      lookupTableKeyAttribute: "customer_id",
      enrichmentAttribute: "customer",
      missingLookupMode: "pass-through",
      cacheMaxEntries: 10_000,
      cacheTtlMs: 300_000,
      outputStream: { streamName: "enriched" },
      deadLetterQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
    });
  });

  it("reads every setting from its variable", () => {
    // Act
    const config = loadConfig({
      ...required,
      LOOKUP_KEY_FIELD: "account",
      LOOKUP_TABLE_KEY_ATTRIBUTE: "pk",
      ENRICHMENT_ATTRIBUTE: "account_info",
      MISSING_LOOKUP_MODE: "fail",
      CACHE_MAX_ENTRIES: "50",
      CACHE_TTL_SECONDS: "5",
      OUTPUT_STREAM_ARN: "arn:aws:kinesis:us-east-1:123456789012:stream/out",
    });

    // Assess
    expect(config).toMatchObject({
      lookupKeyField: "account",
      lookupTableKeyAttribute: "pk",
      enrichmentAttribute: "account_info",
      missingLookupMode: "fail",
      cacheMaxEntries: 50,
      cacheTtlMs: 5000,
      outputStream: { streamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/out" },
    });
  });

  it("fails listing every bad variable with what it got", () => {
    // Act
    const act = () => loadConfig({ MISSING_LOOKUP_MODE: "maybe", CACHE_TTL_SECONDS: "0" });

    // Assess
    expect(act).toThrow(/LOOKUP_TABLE_NAME: .*got nothing \(unset\)/);
    expect(act).toThrow(/MISSING_LOOKUP_MODE: .*got "maybe"/);
    expect(act).toThrow(/CACHE_TTL_SECONDS: .*got "0"/);
    expect(act).toThrow(/DEAD_LETTER_QUEUE_URL/);
  });

  it("fails when no output stream is named", () => {
    const { OUTPUT_STREAM_NAME: _unused, ...withoutStream } = required;
    expect(() => loadConfig(withoutStream)).toThrow(/one of OUTPUT_STREAM_NAME or OUTPUT_STREAM_ARN is required/);
  });
});
