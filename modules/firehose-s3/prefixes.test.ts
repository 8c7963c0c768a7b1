import { describe, expect, test } from "vitest";
import { DEFAULT_ERROR_OUTPUT_PREFIX, DEFAULT_PREFIX } from "./defaults";
import { assertPrefixes, parseExpressions, staticPart } from "./prefixes";

const plain = { dynamicPartitioning: false, queryKeys: [], processorLambda: false } as const;
const byQuery = { dynamicPartitioning: true, queryKeys: ["site"], processorLambda: false } as const;
const byLambda = { dynamicPartitioning: true, queryKeys: [], processorLambda: true } as const;

describe("prefixes", () => {
  test("parses expressions in order and finds the static head", () => {
    expect(parseExpressions("prefix", "a/!{timestamp:yyyy}/!{partitionKeyFromQuery:site}/")).toEqual([
      { namespace: "timestamp", value: "yyyy" },
      { namespace: "partitionKeyFromQuery", value: "site" },
    ]);
    expect(staticPart("data/year=!{timestamp:yyyy}/")).toBe("data/year=");
    expect(staticPart("!{partitionKeyFromQuery:site}/")).toBe("");
    expect(staticPart("static/")).toBe("static/");
  });

  test("accepts the defaults, static prefixes, random strings and partition keys that exist", () => {
    expect(() => assertPrefixes(DEFAULT_PREFIX, DEFAULT_ERROR_OUTPUT_PREFIX, plain)).not.toThrow();
    expect(() => assertPrefixes("data/", "errors/", plain)).not.toThrow();
    expect(() => assertPrefixes("data/", undefined, plain)).not.toThrow();
    expect(() => assertPrefixes("d/!{firehose:random-string}/", "e/!{firehose:error-output-type}/", plain)).not.toThrow();
    expect(() => assertPrefixes("d/!{partitionKeyFromQuery:site}/", DEFAULT_ERROR_OUTPUT_PREFIX, byQuery)).not.toThrow();
    expect(() => assertPrefixes("d/!{partitionKeyFromLambda:tenant}/", DEFAULT_ERROR_OUTPUT_PREFIX, byLambda)).not.toThrow();
  });

  test("fails when an expression is unclosed, malformed or from an unknown namespace", () => {
    expect(() => assertPrefixes("d/!{timestamp:yyyy/", DEFAULT_ERROR_OUTPUT_PREFIX, plain)).toThrow(/prefix has an unclosed expression at position 2/);
    expect(() => assertPrefixes("d/!{timestamp}/", DEFAULT_ERROR_OUTPUT_PREFIX, plain)).toThrow(/prefix expressions must look like !\{namespace:value\}, got "!\{timestamp\}"/);
    expect(() => assertPrefixes("d/!{env:STAGE}/", DEFAULT_ERROR_OUTPUT_PREFIX, plain)).toThrow(
      /prefix expressions must use one of the namespaces timestamp, firehose, partitionKeyFromQuery, partitionKeyFromLambda, got "!\{env:STAGE\}"/,
    );
    expect(() => assertPrefixes("d/!{firehose:uuid}/", DEFAULT_ERROR_OUTPUT_PREFIX, plain)).toThrow(
      /prefix firehose expressions must be one of random-string, error-output-type, got "!\{firehose:uuid\}"/,
    );
  });

  test("fails when the error type is in the data prefix or partition keys are in the error prefix", () => {
    expect(() => assertPrefixes("d/!{firehose:error-output-type}/", DEFAULT_ERROR_OUTPUT_PREFIX, plain)).toThrow(
      /prefix must not use !\{firehose:error-output-type\}: it is only valid in errorOutputPrefix/,
    );
    expect(() => assertPrefixes("d/!{partitionKeyFromQuery:site}/", "e/!{firehose:error-output-type}/!{partitionKeyFromQuery:site}/", byQuery)).toThrow(
      /errorOutputPrefix must not use partition keys, got "!\{partitionKeyFromQuery:site\}"/,
    );
  });

  test("fails when the error prefix is missing or lacks the error type while expressions are used", () => {
    expect(() => assertPrefixes(DEFAULT_PREFIX, undefined, plain)).toThrow(/errorOutputPrefix must include !\{firehose:error-output-type\} when the prefixes use expressions, got none/);
    expect(() => assertPrefixes("data/", "errors/!{timestamp:yyyy}/", plain)).toThrow(
      /errorOutputPrefix must include !\{firehose:error-output-type\} when the prefixes use expressions, got "errors\/!\{timestamp:yyyy\}\/"/,
    );
  });

  test("fails when a Lambda partition key has no Lambda", () => {
    expect(() => assertPrefixes("d/!{partitionKeyFromLambda:tenant}/", DEFAULT_ERROR_OUTPUT_PREFIX, byQuery)).toThrow(
      /prefix uses "!\{partitionKeyFromLambda:tenant\}", which needs processorFunctionArn/,
    );
  });

  test("fails when a prefix is longer than 1024 characters", () => {
    expect(() => assertPrefixes(`${"a".repeat(1025)}`, "errors/", plain)).toThrow(/prefix must be at most 1024 characters, got 1025/);
  });
});
