import { describe, expect, it } from "vitest";
import { untilNotTransient } from "./transient";

function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from the service`), { name, $metadata: { httpStatusCode: status } });
}

/** A call that fails with each of `failures` in turn, then answers its call count; counts its calls. */
function callFailing(...failures: Error[]) {
  const calls = { count: 0 };
  const call = async () => {
    const failure = failures[calls.count++];
    if (failure) throw failure;
    return calls.count;
  };
  return { call, calls };
}

describe("untilNotTransient", () => {
  it("calls again after a 5xx, a 429, a refused connection and SDK-flagged throttling, waiting longer each time", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const throttled = Object.assign(serviceError("Throttling", 400), { $retryable: { throttling: true } });
    const { call, calls } = callFailing(serviceError("ServiceUnavailable", 503), serviceError("ThrottlingException", 429), refused, throttled);
    const waits: number[] = [];
    const logged: string[] = [];
    const result = await untilNotTransient(call, { verb: "sent again", stopped: () => false, log: (m) => logged.push(m), sleep: async (ms) => void waits.push(ms) });
    expect([result, calls.count, waits]).toEqual([{ value: 5 }, 5, [1000, 2000, 4000, 8000]]);
    expect(logged).toEqual([
      "ServiceUnavailable: ServiceUnavailable from the service (attempt 1; sent again in 1 s)",
      "ThrottlingException: ThrottlingException from the service (attempt 2; sent again in 2 s)",
      "Error: connect ECONNREFUSED 127.0.0.1:1 (attempt 3; sent again in 4 s)",
      "Throttling: Throttling from the service (attempt 4; sent again in 8 s)",
    ]);
  });

  it("waits at most 30 s between two calls", async () => {
    const { call } = callFailing(...Array.from({ length: 8 }, () => serviceError("InternalError", 500)));
    const waits: number[] = [];
    await untilNotTransient(call, { verb: "read again", stopped: () => false, log: () => {}, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it.each([
    ["a refused grant", serviceError("AccessDenied", 403)],
    ["a missing bucket", serviceError("NoSuchBucket", 404)],
    ["an expired iterator", serviceError("ExpiredIteratorException", 400)],
    ["an error without a status", new Error("on-failure destination arn:aws:lambda:...: the local runtime sends to SQS, SNS and S3 only")],
  ])("gives up at once on %s and says so", async (_, failure) => {
    const { call, calls } = callFailing(failure, failure);
    const logged: string[] = [];
    const result = await untilNotTransient(call, { verb: "read again", stopped: () => false, log: (m) => logged.push(m), sleep: async () => {} });
    expect([result, calls.count, logged]).toEqual([undefined, 1, [`${failure.name}: ${failure.message} (not read again: a retry cannot fix it)`]]);
  });

  it("stops calling once the caller stops", async () => {
    let stopped = false;
    const { call, calls } = callFailing(serviceError("ServiceUnavailable", 503), serviceError("ServiceUnavailable", 503));
    const result = await untilNotTransient(call, { verb: "sent again", stopped: () => stopped, log: () => {}, sleep: async () => void (stopped = true) });
    expect([result, calls.count]).toEqual([undefined, 2]);
  });
});
