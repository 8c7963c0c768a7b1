import { batchResponseOf, type ConsumerInvoker } from "../../stream/consumer-invoker";
import { unqualifiedFunctionArn } from "./discover";
import type { LocalFunction } from "./function-process";

/**
 * Invokes the local runtime's functions as `Invoke` (RequestResponse) would, for `replay`: the
 * local AWS API cannot run a function itself (moto's Lambda needs Docker). A function is found by
 * ARN (an on-failure object's `requestContext.functionArn`) or by name (a dead letter's `producer`).
 */
export function localInvoker(functions: ReadonlyMap<string, LocalFunction>): ConsumerInvoker {
  const find = (name: string) => functions.get(unqualifiedFunctionArn(name)) ?? [...functions.values()].find((fn) => fn.functionName === name);
  return {
    async invoke(functionName, event) {
      const fn = find(functionName);
      if (!fn) return { ok: false, error: `no function ${functionName} in the local runtime` };
      const outcome = await fn.invoke(event);
      if (!outcome.ok) return { ok: false, error: `${outcome.error.errorType}: ${outcome.error.errorMessage}` };
      return batchResponseOf(outcome.payload ?? null);
    },
  };
}
