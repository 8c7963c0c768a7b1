import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../envs/errors";
import { SEED_002_FIELD_MAPPING } from "../../functions/fraud-detector/field-mapping";
import { buildEnvironment, temporaryEnvsDir } from "../testing";

const QA_HEAD = `extends:
  - catalog/pipelines/transactions
accountId: "444444444444"
state: { bucket: acme-qa-terraform-state }
`;

const CATALOG = "catalog/pipelines/transactions.yaml";

/**
 * qa over the shipped defaults and the transactions catalog file without its producer mapping (the
 * English shape), its fraud processor given `fields`.
 */
function qa(processor: string) {
  const dir = temporaryEnvsDir([CATALOG], {
    qa: `${QA_HEAD}pipelines:\n  - name: transactions\n    processors:\n      - name: ${processor}\n`,
  });
  const catalog = readFileSync(join(dir, CATALOG), "utf8");
  const english = catalog.replace(/\n {8}fieldMapping:\n(?: {10}.*\n)+/, "\n");
  if (english === catalog) throw new Error(`${CATALOG} no longer sets a fieldMapping: this helper can go`);
  writeFileSync(join(dir, CATALOG), english);
  return { dir, build: () => buildEnvironment("qa", { envsDir: dir }) };
}

function problems(processor: string): string[] {
  const { dir, build } = qa(processor);
  try {
    build();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.file.replace(`${dir}/`, "")}: ${p.path}: ${p.message}`);
  }
  throw new Error("expected qa to be refused");
}

describe("a processor's field mapping", () => {
  test("reaches fraud-detector as FIELD_MAPPING, seed 002's producer names by transaction field", () => {
    const { build } = qa("fraud\n        fieldMapping: { transaction_id: txn_id, account_id: cliente_id, amount: monto, country: pais, account_country: pais_cuenta, hour: hora }");
    const fn = build().stack("transactions", "fraud").resource("aws_lambda_function", "processor_function_resource");
    expect(JSON.parse(fn.environment.variables.FIELD_MAPPING)).toEqual(SEED_002_FIELD_MAPPING);
  });

  test("is absent by default: the function reads the English shape", () => {
    const fn = qa("fraud").build().stack("transactions", "fraud").resource("aws_lambda_function", "processor_function_resource");
    expect(fn.environment.variables).not.toHaveProperty("FIELD_MAPPING");
  });

  test("fails naming the file and field when a target field is unknown", () => {
    expect(problems("fraud\n        fieldMapping: { monto: amount, amout: monto }")).toEqual([
      'qa.yaml: pipelines[transactions].processors[fraud].fieldMapping.amout: unknown key (did you mean "amount"?)',
      "qa.yaml: pipelines[transactions].processors[fraud].fieldMapping.monto: unknown key (expected one of transaction_id, account_id, amount, currency, country, account_country, timestamp, hour, merchant)",
    ]);
  });

  test("fails when a producer field name is empty", () => {
    expect(problems('fraud\n        fieldMapping: { amount: "" }')).toEqual([
      'qa.yaml: pipelines[transactions].processors[fraud].fieldMapping.amount: expected at least 1 characters, found ""',
    ]);
  });

  test("fails for a handler that reads no mapped records", () => {
    expect(problems("enrichment\n        fieldMapping: { amount: monto }")).toEqual([
      "qa.yaml: pipelines[transactions].processors[enrichment].fieldMapping: expected no fieldMapping for handler enrichment (only fraud-detector reads mapped records), found an object",
    ]);
  });
});
