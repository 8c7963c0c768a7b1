import { describe, expect, it } from "vitest";
import { deliverDiscardedBatch } from "./on-failure";

function serviceError(name: string, status: number): Error {
  return Object.assign(new Error(`${name} from the destination`), { name, $metadata: { httpStatusCode: status } });
}

/** A send that fails with each of `failures` in turn, then succeeds; counts its calls. */
function sendFailing(...failures: Error[]) {
  const calls = { count: 0 };
  const send = async () => {
    const failure = failures[calls.count++];
    if (failure) throw failure;
  };
  return { send, calls };
}

describe("deliverDiscardedBatch", () => {
  it("sends again after a 5xx, a 429, a refused connection and SDK-flagged throttling, waiting longer each time", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const throttled = Object.assign(serviceError("Throttling", 400), { $retryable: { throttling: true } });
    const { send, calls } = sendFailing(serviceError("ServiceUnavailable", 503), serviceError("ThrottlingException", 429), refused, throttled);
    const waits: number[] = [];
    const logged: string[] = [];
    const delivered = await deliverDiscardedBatch(send, { stopped: () => false, log: (m) => logged.push(m), sleep: async (ms) => void waits.push(ms) });
    expect([delivered, calls.count, waits]).toEqual([true, 5, [1000, 2000, 4000, 8000]]);
    expect(logged).toEqual([
      "ServiceUnavailable: ServiceUnavailable from the destination (attempt 1; sent again in 1 s)",
      "ThrottlingException: ThrottlingException from the destination (attempt 2; sent again in 2 s)",
      "Error: connect ECONNREFUSED 127.0.0.1:1 (attempt 3; sent again in 4 s)",
      "Throttling: Throttling from the destination (attempt 4; sent again in 8 s)",
    ]);
  });

  it("waits at most 30 s between two sends", async () => {
    const { send } = sendFailing(...Array.from({ length: 8 }, () => serviceError("InternalError", 500)));
    const waits: number[] = [];
    await deliverDiscardedBatch(send, { stopped: () => false, log: () => {}, sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it.each([
    ["a refused grant", serviceError("AccessDenied", 403)],
    ["a missing bucket", serviceError("NoSuchBucket", 404)],
    ["an error without a status", new Error("on-failure destination arn:aws:lambda:...: the local runtime sends to SQS, SNS and S3 only")],
  ])("gives up at once on %s and says so", async (_, failure) => {
    const { send, calls } = sendFailing(failure, failure);
    const logged: string[] = [];
    const delivered = await deliverDiscardedBatch(send, { stopped: () => false, log: (m) => logged.push(m), sleep: async () => {} });
    expect([delivered, calls.count, logged]).toEqual([false, 1, [`${failure.name}: ${failure.message} (not sent again: a resend cannot fix it)`]]);
  });

  it("stops sending once the consumer stops", async () => {
    let stopped = false;
    const { send, calls } = sendFailing(serviceError("ServiceUnavailable", 503), serviceError("ServiceUnavailable", 503));
    const delivered = await deliverDiscardedBatch(send, { stopped: () => stopped, log: () => {}, sleep: async () => void (stopped = true) });
    expect([delivered, calls.count]).toEqual([false, 2]);
  });
});
