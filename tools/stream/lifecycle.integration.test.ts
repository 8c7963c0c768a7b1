import { DecreaseStreamRetentionPeriodCommand, DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEnvironments, loadEnvironment } from "../../envs/load";
import { localClientConfig, startKinesisMock, startLocalKinesis, type LocalServer } from "../../test/local-aws";
import { main } from "./cli";
import { describeSettings, streamSettingsOf, type StreamSettings } from "./stream-settings";
import { memoryIo } from "./testing";

// create, smoke's comparison with envs/ and delete against kinesis-mock (npm kinesis-local), which
// implements every call they make; kinesalite lacks on-demand streams, EnableEnhancedMonitoring
// and StartStreamEncryption (last test).
let server: LocalServer;
const saved = { ...process.env };

/** The first pipeline stream of the shipped environments that matches, with its --env/--pipeline flags. */
function findStream(matches: (settings: StreamSettings) => boolean): { flags: string[]; settings: StreamSettings; region: string } {
  for (const name of listEnvironments()) {
    const env = loadEnvironment(name);
    for (const pipeline of env.pipelines) {
      if (!pipeline.enabled || !pipeline.stream?.enabled) continue;
      const settings = streamSettingsOf(env, pipeline, "stream");
      if (matches(settings)) return { flags: ["--env", name, "--pipeline", pipeline.name], settings, region: env.region };
    }
  }
  throw new Error("no shipped pipeline stream matches");
}

const customer = findStream((s) => s.encryption.kind === "customer-managed" && s.retentionHours > 24 && s.mode === "ON_DEMAND");
const provisioned = findStream((s) => s.mode === "PROVISIONED" && (s.shardCount ?? 0) <= 4);

async function run(argv: string[], stdin = "") {
  const io = memoryIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** A client in the stream's region: kinesis-mock keeps streams per region, as Kinesis does. */
function clientFor(stream: { region: string }): KinesisClient {
  return new KinesisClient({ ...localClientConfig(server), region: stream.region });
}

async function summaryOf(stream: { region: string; settings: StreamSettings }) {
  const client = clientFor(stream);
  try {
    return (await client.send(new DescribeStreamSummaryCommand({ StreamName: stream.settings.streamName }))).StreamDescriptionSummary!;
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  server = await startKinesisMock();
  Object.assign(process.env, { AWS_ENDPOINT_URL_KINESIS: server.endpoint, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" });
});

afterAll(async () => {
  process.env = saved;
  await server?.close();
});

describe("stream create / smoke / delete against kinesis-mock", () => {
  it("creates a customer-managed stream with the environment's mode, retention, key alias and shard-level metrics", async () => {
    const created = await run(["create", ...customer.flags]);

    expect(created).toMatchObject({ code: 0, out: `${customer.settings.streamName}: ACTIVE, ${describeSettings(customer.settings)}\n` });
    expect(created.err.split("\n")).toEqual([
      `created ${customer.settings.streamName} (ON_DEMAND)`,
      `retention set to ${customer.settings.retentionHours} h`,
      `shard-level metrics enabled: ${customer.settings.shardLevelMetrics.join(", ")}`,
      `encryption started with ${customer.settings.encryption.keyId} (customer-managed)`,
      "",
    ]);
    expect(await summaryOf(customer)).toMatchObject({
      StreamStatus: "ACTIVE",
      StreamModeDetails: { StreamMode: "ON_DEMAND" },
      RetentionPeriodHours: customer.settings.retentionHours,
      EncryptionType: "KMS",
      KeyId: `alias/${customer.settings.streamName}-stream`,
      EnhancedMonitoring: [{ ShardLevelMetrics: [...customer.settings.shardLevelMetrics] }],
    });
  });

  it("leaves an existing stream as it is", async () => {
    expect(await run(["create", ...customer.flags])).toMatchObject({
      code: 1,
      err: `error: stream ${customer.settings.streamName} already exists: left as it is (compare it with envs/: npm run stream -- smoke; remove it: npm run stream -- delete)\n`,
    });
  });

  it("smoke passes while the stream matches envs/, and fails naming the difference once it does not", async () => {
    const matching = await run(["smoke", ...customer.flags]);
    expect(matching.code).toBe(0);
    expect(matching.out).toMatch(new RegExp(`^PASS {2}stream matches envs/ \\(\\d+ ms\\): as envs/ says: ${describeSettings(customer.settings).replace(/[()]/g, "\\$&")}$`, "m"));

    const client = clientFor(customer);
    await client.send(new DecreaseStreamRetentionPeriodCommand({ StreamName: customer.settings.streamName, RetentionPeriodHours: 24 }));
    client.destroy();
    const drifted = await run(["smoke", ...customer.flags]);

    expect(drifted.code).toBe(1);
    expect(drifted.out).toMatch(new RegExp(`^FAIL {2}stream matches envs/ \\(\\d+ ms\\): 1 difference from envs/: retention: envs/ says ${customer.settings.retentionHours} h, the stream keeps 24 h$`, "m"));
    expect(drifted.out).toMatch(/^PASS {2}test record read back/m);
  });

  it("deletes only after the stream's name is typed, or with --yes", async () => {
    const name = customer.settings.streamName;
    const refused = await run(["delete", ...customer.flags], "yes\n");
    const silent = await run(["delete", ...customer.flags]);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining(`error: not deleted: "yes" is not the stream's name (type ${name}, or pass --yes)`) });
    expect(refused.err).toContain(`Delete stream ${name} on the Kinesis server at ${server.endpoint}? Every record it holds is lost.\nType the stream's name to confirm: `);
    expect(silent).toMatchObject({ code: 1, err: expect.stringContaining(`error: not deleted: no confirmation was typed (type ${name}, or pass --yes)`) });
    expect((await summaryOf(customer)).StreamStatus).toBe("ACTIVE");

    expect(await run(["delete", ...customer.flags], `${name}\n`)).toMatchObject({ code: 0, out: `${name}: deleted\n` });
    await expect(summaryOf(customer)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(await run(["delete", ...customer.flags, "--yes"])).toMatchObject({ code: 1, err: expect.stringMatching(new RegExp(`^error: stream ${name} does not exist in `)) });
  });

  it("creates a provisioned stream with its shard count and the AWS-managed key, and deletes it with --yes", async () => {
    const created = await run(["create", ...provisioned.flags]);
    expect(created.code, created.err).toBe(0);
    expect(await summaryOf(provisioned)).toMatchObject({
      StreamModeDetails: { StreamMode: "PROVISIONED" },
      OpenShardCount: provisioned.settings.shardCount,
      EncryptionType: "KMS",
      KeyId: provisioned.settings.encryption.keyId,
    });
    expect((await run(["smoke", ...provisioned.flags])).code).toBe(0);
    expect(await run(["delete", ...provisioned.flags, "--yes"])).toMatchObject({ code: 0, out: `${provisioned.settings.streamName}: deleted\n` });
  });

  it("names the call a server lacks (kinesalite has no EnableEnhancedMonitoring nor StartStreamEncryption)", async () => {
    const lacking = provisioned.settings.shardLevelMetrics.length > 0 ? "EnableEnhancedMonitoring" : "StartStreamEncryption";
    const kinesalite = await startLocalKinesis();
    process.env.AWS_ENDPOINT_URL_KINESIS = kinesalite.endpoint;
    try {
      const created = await run(["create", ...provisioned.flags]);
      expect(created).toMatchObject({
        code: 1,
        err: expect.stringContaining(`error: ${kinesalite.endpoint} does not implement ${lacking}: stream ${provisioned.settings.streamName} exists without it (kinesalite lacks it; kinesis-mock, moto and AWS have it). Delete it with npm run stream -- delete`),
      });
    } finally {
      process.env.AWS_ENDPOINT_URL_KINESIS = server.endpoint;
      await kinesalite.close();
    }
  });
});
