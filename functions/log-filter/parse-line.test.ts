import { describe, expect, it } from "vitest";
import { parseLine, UnparseableLineError } from "./parse-line";

const ARRIVAL = Date.UTC(2026, 0, 10, 12, 5, 0);

describe("parseLine", () => {
  it("reads an F5 remote syslog line with PRI, severity word, process and message id", () => {
    // Act
    const parsed = parseLine("<131>Jan 10 12:00:01 bigip1 err tmm[1234]: 01010028:3: No members available for pool /Common/web_pool", ARRIVAL);

    // Assess
    expect(parsed).toEqual({
      format: "rfc3164",
      severityCode: 3,
      severity: "err",
      level: "ERROR",
      timestampMs: Date.UTC(2026, 0, 10, 12, 0, 1),
      hostname: "bigip1",
      process: "tmm",
      pid: "1234",
      messageId: "01010028",
      facility: 16,
      message: "01010028:3: No members available for pool /Common/web_pool",
    });
  });

  it.each([
    [128, "emerg", "ERROR"],
    [129, "alert", "ERROR"],
    [130, "crit", "ERROR"],
    [131, "err", "ERROR"],
    [132, "warning", "WARN"],
    [133, "notice", "INFO"],
    [134, "info", "INFO"],
    [135, "debug", "DEBUG"],
  ])("maps PRI %i to %s, level %s", (pri, severity, level) => {
    // Act
    const parsed = parseLine(`<${pri}>Jan 10 12:00:01 bigip1 mcpd[5]: something happened`, ARRIVAL);

    // Assess
    expect([parsed.severity, parsed.level, parsed.severityCode]).toEqual([severity, level, pri - 128]);
  });

  it.each([
    ["emerg", "ERROR"],
    ["alert", "ERROR"],
    ["crit", "ERROR"],
    ["err", "ERROR"],
    ["warning", "WARN"],
    ["notice", "INFO"],
    ["info", "INFO"],
    ["debug", "DEBUG"],
  ])("reads the severity word %s of a BIG-IP log file line without PRI as %s", (word, level) => {
    // Act
    const parsed = parseLine(`Jan 10 12:00:01 bigip1 ${word} tmm1[20012]: Rule /Common/irule <HTTP_REQUEST>: hello`, ARRIVAL);

    // Assess
    expect(parsed).toMatchObject({ level, hostname: "bigip1", process: "tmm1", pid: "20012", message: "Rule /Common/irule <HTTP_REQUEST>: hello" });
  });

  it("prefers the PRI to the severity word", () => {
    expect(parseLine("<132>Jan 10 12:00:01 bigip1 err tmm[1]: x", ARRIVAL).level).toBe("WARN");
  });

  it("falls back to the severity digit of the F5 message id", () => {
    // Act
    const parsed = parseLine("Jan 10 12:00:01 bigip1 tmm[1]: 01070638:5: Pool /Common/p member /Common/n:80 monitor status down.", ARRIVAL);

    // Assess
    expect(parsed).toMatchObject({ severityCode: 5, level: "INFO", messageId: "01070638" });
  });

  it("reads a high-precision ISO time instead of the BSD one", () => {
    expect(parseLine("<131>2026-01-10T11:59:59.250+01:00 bigip1 err tmm[1]: x", ARRIVAL).timestampMs).toBe(Date.UTC(2026, 0, 10, 10, 59, 59, 250));
  });

  it("puts a December line arriving in January in the previous year", () => {
    expect(parseLine("<131>Dec 31 23:59:59 bigip1 tmm[1]: x", ARRIVAL).timestampMs).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
  });

  it("reads RFC 5424 lines", () => {
    // Act
    const parsed = parseLine('<12>1 2026-01-10T12:00:01.5Z bigip1.example.com tmm 1234 01010028 [meta x="1"] \uFEFFpool down', ARRIVAL);

    // Assess
    expect(parsed).toEqual({
      format: "rfc5424",
      severityCode: 4,
      severity: "warning",
      level: "WARN",
      timestampMs: Date.UTC(2026, 0, 10, 12, 0, 1, 500),
      hostname: "bigip1.example.com",
      process: "tmm",
      pid: "1234",
      messageId: "01010028",
      facility: 1,
      message: "pool down",
    });
  });

  it("reads JSON lines with a severity word", () => {
    // Act
    const parsed = parseLine('{"severity":"warning","hostname":"bigip1","message":"01260013:4: SSL Handshake failed","timestamp":"2026-01-10T12:00:00Z"}', ARRIVAL);

    // Assess
    expect(parsed).toEqual({
      format: "json",
      severityCode: 4,
      severity: "warning",
      level: "WARN",
      timestampMs: Date.UTC(2026, 0, 10, 12),
      hostname: "bigip1",
      messageId: "01260013",
      message: "01260013:4: SSL Handshake failed",
    });
  });

  it.each([
    ['{"level":"ERROR","msg":"x"}', "ERROR"],
    ['{"log_level":"Critical","msg":"x"}', "ERROR"],
    ['{"severity":3,"msg":"x"}', "ERROR"],
    ['{"severity":"info","msg":"x"}', "INFO"],
  ])("reads the JSON severity of %s as %s", (line, level) => {
    expect(parseLine(line, ARRIVAL).level).toBe(level);
  });

  it.each([
    ["plain text", "just some words", /not syslog/],
    ["a broken JSON object", '{"severity": "err"', /looks like JSON but does not parse/],
    ["JSON without severity", '{"message":"x"}', /no known severity/],
    ["a JSON array", "[1,2]", /not syslog/],
    ["a PRI above 191", "<200>Jan 10 12:00:01 bigip1 tmm[1]: x", /PRI must be between 0 and 191, got 200/],
    ["a syslog line without any severity", "Jan 10 12:00:01 bigip1 tmm[1]: no code here", /no severity/],
    ["an unknown month", "<131>Foo 10 12:00:01 bigip1 tmm[1]: x", /unknown month "Foo"/],
  ])("refuses %s", (_name, line, message) => {
    expect(() => parseLine(line, ARRIVAL)).toThrow(UnparseableLineError);
    expect(() => parseLine(line, ARRIVAL)).toThrow(message);
  });
});
