import { describe, expect, test } from "vitest";
import { lifecycleRules } from "./lifecycle";

describe("lifecycleRules", () => {
  test("renders every configured action in one rule", () => {
    expect(
      lifecycleRules({
        transitionToInfrequentAccessDays: 45,
        transitionToGlacierDays: 180,
        expirationDays: 365,
        noncurrentVersionExpirationDays: 30,
        abortIncompleteMultipartUploadDays: 2,
      })[0],
    ).toEqual({
      id: "tiering-and-expiration",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: [
        { days: 45, storageClass: "STANDARD_IA" },
        { days: 180, storageClass: "GLACIER" },
      ],
      expiration: [{ days: 365 }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 2 }],
    });
  });

  test("drops transitions and old-version expiry switched off with false", () => {
    const rules = lifecycleRules({ transitionToInfrequentAccessDays: false, transitionToGlacierDays: false, noncurrentVersionExpirationDays: false });
    expect(rules).toEqual([
      {
        id: "tiering-and-expiration",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: undefined,
        expiration: undefined,
        noncurrentVersionExpiration: undefined,
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ]);
  });

  test("allows Glacier from day 0 when Standard-IA is off, and expiry right after Standard-IA when Glacier is off", () => {
    expect(lifecycleRules({ transitionToInfrequentAccessDays: false, transitionToGlacierDays: 0 })[0]!.transition).toEqual([
      { days: 0, storageClass: "GLACIER" },
    ]);
    expect(lifecycleRules({ transitionToGlacierDays: false, expirationDays: 31 })[0]!.expiration).toEqual([{ days: 31 }]);
  });

  test("fails when Standard-IA comes before day 30", () => {
    expect(() => lifecycleRules({ transitionToInfrequentAccessDays: 29 })).toThrow(
      /transitionToInfrequentAccessDays must be a whole number of at least 30 days \(S3's minimum for STANDARD_IA\), got 29/,
    );
  });

  test("fails when Glacier comes less than 30 days after Standard-IA", () => {
    expect(() => lifecycleRules({ transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 45 })).toThrow(
      /transitionToGlacierDays must be at least 30 days after transitionToInfrequentAccessDays \(30\), so at least 60, got 45/,
    );
  });

  test("fails when Glacier days are negative or fractional", () => {
    expect(() => lifecycleRules({ transitionToInfrequentAccessDays: false, transitionToGlacierDays: -1 })).toThrow(
      /transitionToGlacierDays must be a whole number of at least 0 days \(days after creation\), got -1/,
    );
    expect(() => lifecycleRules({ transitionToGlacierDays: 90.5 })).toThrow(/transitionToGlacierDays must be a whole number .*got 90.5/);
  });

  test("fails when expiry is not after the last transition", () => {
    expect(() => lifecycleRules({ expirationDays: 90 })).toThrow(/expirationDays must be greater than transitionToGlacierDays \(90\), got 90/);
    expect(() => lifecycleRules({ transitionToGlacierDays: false, expirationDays: 30 })).toThrow(
      /expirationDays must be greater than transitionToInfrequentAccessDays \(30\), got 30/,
    );
    expect(() => lifecycleRules({ transitionToInfrequentAccessDays: false, transitionToGlacierDays: false, expirationDays: 0 })).toThrow(
      /expirationDays must be a whole number of at least 1 days \(days after creation\), got 0/,
    );
  });

  test("fails when noncurrent-version or multipart days are below 1", () => {
    expect(() => lifecycleRules({ noncurrentVersionExpirationDays: 0 })).toThrow(
      /noncurrentVersionExpirationDays must be a whole number of at least 1 days \(days noncurrent\), got 0/,
    );
    expect(() => lifecycleRules({ abortIncompleteMultipartUploadDays: 0 })).toThrow(
      /abortIncompleteMultipartUploadDays must be a whole number of at least 1 days \(days after initiation\), got 0/,
    );
  });
});
