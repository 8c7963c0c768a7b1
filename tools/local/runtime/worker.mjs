// The Lambda runtime inside one function's child process. Plain JavaScript on purpose: it runs next
// to the deployed bundle the way Lambda's Node.js runtime does, with no TypeScript loader in the
// process that could change how the bundle loads. The parent (function-process.ts) sends
// { type: "invoke", id, event, deadlineMs, requestId } and gets back "result" or "error".
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSetting = process.env._HANDLER;

/** "dir/index.handler" → module "dir/index", export path ["handler"] (as Lambda's Node.js runtime splits it). */
function splitHandler(setting) {
  const slash = setting.lastIndexOf("/") + 1;
  const dot = setting.indexOf(".", slash);
  if (dot < 0) throw Object.assign(new Error(`Bad handler ${setting}: expected <module>.<export>`), { name: "Runtime.MalformedHandlerName" });
  return { module: setting.slice(0, dot), path: setting.slice(dot + 1).split(".") };
}

async function loadHandler() {
  const { module, path } = splitHandler(handlerSetting);
  const file = [".js", ".mjs", ".cjs"].map((ext) => join(taskRoot, module + ext)).find((candidate) => existsSync(candidate));
  if (!file) throw Object.assign(new Error(`Cannot find module '${module}' in ${taskRoot}`), { name: "Runtime.ImportModuleError" });
  const loaded = await import(pathToFileURL(file).href);
  let target = path.reduce((value, key) => (value == null ? undefined : value[key]), loaded);
  if (typeof target !== "function" && loaded.default) target = path.reduce((value, key) => (value == null ? undefined : value[key]), loaded.default);
  if (typeof target !== "function") throw Object.assign(new Error(`${handlerSetting} is undefined or not exported`), { name: "Runtime.HandlerNotFound" });
  return target;
}

function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name || "Error", errorMessage: error.message, trace: (error.stack ?? "").split("\n") };
  }
  return { errorType: "Error", errorMessage: typeof error === "string" ? error : JSON.stringify(error), trace: [] };
}

function contextFor(message) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
  };
}

function invoke(handler, message) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    try {
      const returned = handler(message.event, contextFor(message), callback);
      if (returned && typeof returned.then === "function") returned.then(resolve, reject);
      else if (handler.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

let current;
process.on("uncaughtException", (error) => {
  process.send?.({ type: "error", id: current, error: { ...errorPayload(error), errorType: "Runtime.UnhandledPromiseRejection" } }, () => process.exit(129));
});
process.on("unhandledRejection", (error) => {
  process.send?.({ type: "error", id: current, error: { ...errorPayload(error), errorType: "Runtime.UnhandledPromiseRejection" } }, () => process.exit(128));
});

try {
  const handler = await loadHandler();
  process.on("message", async (message) => {
    if (message?.type !== "invoke") return;
    current = message.id;
    try {
      const result = await invoke(handler, message);
      process.send({ type: "result", id: message.id, result: result === undefined ? null : result });
    } catch (error) {
      process.send({ type: "error", id: message.id, error: errorPayload(error) });
    } finally {
      current = undefined;
    }
  });
  process.send({ type: "ready" });
} catch (error) {
  process.send({ type: "init-error", error: errorPayload(error) }, () => process.exit(1));
}
