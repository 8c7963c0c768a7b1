import * as z from "zod/mini";
import { defineContract } from "../shared/contract";

/** What log-filter needs and reads, for the stacks, the alarms and the handler. */
export const LogFilterContract = defineContract({
  handler: "log-filter",
  // No dead-letter store: an unparseable line is kept in the log group, as it came.
  access: {
    outputLogGroup: { variable: "LOG_GROUP_NAME" },
  },
  settings: {
    // CloudWatch Logs stream names: 1-512 characters without ':' or '*'.
    LOG_STREAM_NAME: z._default(z.string().check(z.regex(/^[^:*]{1,512}$/, "expected a log stream name (1-512 characters, no ':' or '*')")), "f5-bigip"),
  },
});
