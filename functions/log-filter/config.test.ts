import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults the log stream name", () => {
    expect(loadConfig({ LOG_GROUP_NAME: "/f5/errors" })).toEqual({ logGroupName: "/f5/errors", logStreamName: "f5-bigip" });
  });

  it("fails naming each bad variable and what it got", () => {
    // Act
    const act = () => loadConfig({ LOG_GROUP_NAME: "bad name!", LOG_STREAM_NAME: "a:b" });

    // Assess
    expect(act).toThrow(/LOG_GROUP_NAME: expected a log group name .*, got "bad name!"/);
    expect(act).toThrow(/LOG_STREAM_NAME: expected a log stream name .*, got "a:b"/);
  });
});
