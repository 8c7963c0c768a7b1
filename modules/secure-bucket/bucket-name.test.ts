import { describe, expect, test } from "vitest";
import { assertBucketName } from "./bucket-name";

describe("assertBucketName", () => {
  test("accepts names S3 accepts", () => {
    for (const name of ["abc", "acme-dev-iops-archive", "a".repeat(63), "logs.example-1"]) {
      expect(() => assertBucketName(name)).not.toThrow();
    }
  });

  test.each([
    ["ab", /must be between 3 and 63 characters long \(2\), got "ab"/],
    ["a".repeat(64), /must be between 3 and 63 characters long \(64\)/],
    ["Acme-logs", /may contain only lower-case letters, digits, dots and hyphens, got "Acme-logs"/],
    ["acme_logs", /may contain only lower-case letters, digits, dots and hyphens/],
    ["-acme", /must start and end with a letter or digit, got "-acme"/],
    ["acme.", /must start and end with a letter or digit/],
    ["acme..logs", /must not contain two adjacent dots, got "acme..logs"/],
    ["192.168.5.4", /must not be formatted as an IP address, got "192.168.5.4"/],
    ["xn--acme", /must not start with the reserved prefix "xn--"/],
    ["sthree-acme", /must not start with the reserved prefix "sthree-"/],
    ["amzn-s3-demo-acme", /must not start with the reserved prefix "amzn-s3-demo-"/],
    ["acme-s3alias", /must not end with the reserved suffix "-s3alias"/],
    ["acme--ol-s3", /must not end with the reserved suffix "--ol-s3"/],
    ["acme--x-s3", /must not end with the reserved suffix "--x-s3"/],
  ])("fails when the name is %s", (name, message) => {
    expect(() => assertBucketName(name)).toThrow(message);
  });
});
