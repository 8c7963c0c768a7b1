import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { listEnvironments, loadEnvironment } from "../../envs/load";
import { PipelineSchema } from "../../envs/schema/pipeline";
import { diagramMarkdown, environmentDiagram } from "./diagram";

describe("environmentDiagram", () => {
  it("draws a pipeline's stream, API, processor with its table, topic and dead letters, archive and alarms", () => {
    const env = {
      ...loadEnvironment("dev"),
      pipelines: [
        PipelineSchema.parse({
          name: "orders",
          api: {},
          stream: { mode: "provisioned", shardCount: 2 },
          tables: { tables: { events: { partitionKey: "pk", sortKey: "sk" } } },
          processors: [{ name: "proc", handler: "stream-processor", memoryMiB: 512, batchSize: 100, table: "events", alertTopic: true }],
          archive: { lifecycle: { infrequentAccessDays: 30 } },
          alarms: { malformedRatePercent: 5 },
        }),
        PipelineSchema.parse({ name: "off", enabled: false, stream: {} }),
      ],
    };

    expect(environmentDiagram(env).split("\n")).toEqual([
      "flowchart LR",
      '  subgraph orders_pipeline["orders"]',
      "    direction LR",
      `    orders_stream[("Kinesis stream<br/>acme-dev-orders-stream<br/>2 shards, 24 h, aws-managed key")]`,
      '    orders_api[/"HTTP ingest API<br/>auth: AWS_IAM"/]',
      "    orders_api -->|PutRecords| orders_stream",
      '    orders_table_events[("DynamoDB<br/>events")]',
      '    orders_fn_proc[["Lambda proc<br/>handler: stream-processor<br/>512 MB, batch 100"]]',
      "    orders_stream -->|polling| orders_fn_proc",
      "    orders_fn_proc --> orders_table_events",
      '    orders_topic_proc>"SNS alerts"]',
      "    orders_fn_proc -.->|alerts| orders_topic_proc",
      '    orders_dlq_proc["SQS dead letters"]',
      "    orders_fn_proc -.->|failed batches, malformed records| orders_dlq_proc",
      '    orders_archive["Firehose archive<br/>5 MiB / 300 s, GZIP"]',
      '    orders_bucket[("S3 archive<br/>IA 30 d, Glacier 90 d, expire never")]',
      "    orders_stream --> orders_archive --> orders_bucket",
      '    orders_alarms{{"Alarms + dashboard<br/>iterator age > 60 s<br/>errors > 1%<br/>malformed > 5%"}}',
      "    orders_stream -.- orders_alarms",
      "  end",
      "",
    ]);
  });

  it("keeps docs/diagrams in step with envs/ (regenerate with `npm run stream -- diagram`)", () => {
    for (const name of listEnvironments()) {
      const committed = readFileSync(new URL(`../../docs/diagrams/${name}.md`, import.meta.url), "utf8");
      expect(committed, `docs/diagrams/${name}.md is stale: run npm run stream -- diagram`).toBe(diagramMarkdown(loadEnvironment(name)));
    }
  });
});
