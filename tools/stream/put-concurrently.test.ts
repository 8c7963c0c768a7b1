import { describe, expect, it } from "vitest";
import { PUT_RECORDS_MAX_BYTES } from "../../functions/shared/kinesis-put";
import type { UserRecord } from "../../functions/shared/kpl";
import { putRecordsSlices } from "./put-concurrently";

const record = (bytes: number, partitionKey = "k"): UserRecord => ({ partitionKey, data: Buffer.alloc(bytes) });

describe("putRecordsSlices", () => {
  it("cuts at 500 records", () => {
    expect(putRecordsSlices(Array.from({ length: 1201 }, () => record(10)))).toEqual([
      [0, 500],
      [500, 1000],
      [1000, 1201],
    ]);
  });

  it("cuts before a record that would take a call over 5 MiB, partition keys counted", () => {
    // Prepare: four records of 1 MiB + a 1-byte key, and one that fills the rest exactly
    const mib = 1024 * 1024;
    const records = [...Array.from({ length: 4 }, () => record(mib - 1)), record(PUT_RECORDS_MAX_BYTES - 4 * mib - 1), record(1)];
    // Act / Assess
    expect(putRecordsSlices(records)).toEqual([
      [0, 5],
      [5, 6],
    ]);
  });

  it("gives no slice for no records", () => {
    expect(putRecordsSlices([])).toEqual([]);
  });
});
