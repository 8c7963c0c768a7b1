import type { Rule } from "../engine";

/** CKV_AWS_7: a symmetric key rotates its material yearly (asymmetric and HMAC keys cannot rotate). */
export const kmsKeyRotation: Rule = {
  id: "CKV_AWS_7",
  title: "KMS symmetric key has rotation enabled",
  resourceTypes: ["aws_kms_key"],
  check(key) {
    const spec = key.customer_master_key_spec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return undefined;
    return key.enable_key_rotation === true ? undefined : `enable_key_rotation must be true, got ${JSON.stringify(key.enable_key_rotation)}`;
  },
};

/** The KMS rules. */
export const kmsRules: readonly Rule[] = [kmsKeyRotation];
