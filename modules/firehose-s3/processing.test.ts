import { describe, expect, test } from "vitest";
import { metadataExtractionQuery, processors, unqualifiedFunctionArn } from "./processing";

const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:111122223333:function:enrich";

describe("processing", () => {
  test("builds the JQ query from the keys", () => {
    expect(metadataExtractionQuery({ site: " .site_id ", kind: ".event.type" })).toBe("{site:.site_id,kind:.event.type}");
  });

  test("strips a version or alias from the function ARN", () => {
    expect(unqualifiedFunctionArn(`${FUNCTION_ARN}:7`)).toBe(FUNCTION_ARN);
    expect(unqualifiedFunctionArn(`${FUNCTION_ARN}:$LATEST`)).toBe(FUNCTION_ARN);
    expect(unqualifiedFunctionArn(FUNCTION_ARN)).toBe(FUNCTION_ARN);
  });

  test("leaves Lambda parameters at Firehose's defaults out, and skips the newline with data format conversion", () => {
    expect(processors({ functionArn: FUNCTION_ARN, bufferSizeMiB: 1, bufferIntervalSeconds: 120, retries: 3 }, { keys: { site: ".site" } }, true)).toEqual([
      {
        type: "Lambda",
        parameters: [
          { parameterName: "LambdaArn", parameterValue: FUNCTION_ARN },
          { parameterName: "BufferIntervalInSeconds", parameterValue: "120" },
        ],
      },
      {
        type: "MetadataExtraction",
        parameters: [
          { parameterName: "MetadataExtractionQuery", parameterValue: "{site:.site}" },
          { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
        ],
      },
    ]);
    expect(processors(undefined, undefined, false)).toEqual([]);
  });
});
