import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENVS_DIR } from "../load";
import { environmentJsonSchema } from "./json-schema";

/** Writes `envs/schema.json`; run by `npm run schema` after the zod schema changes. */
writeFileSync(join(ENVS_DIR, "schema.json"), `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`);
console.log(`wrote ${join(ENVS_DIR, "schema.json")}`);
