import { PLAN_ONLY_BANNER, resolveDeploymentMode } from "./stacks/deployment";
import { ConfigErrors, loadEnvironments, synthesize } from "./stacks/synth";
import { capacityWarnings } from "./tools/stream/capacity";

// The entry point only loads configuration, creates the stacks and synthesizes.
// STREAMING_ENV=dev,prod limits the environments; unset or empty (`make synth` without ENV), all of them.
const names = process.env.STREAMING_ENV?.split(",").filter(Boolean);
try {
  const environments = loadEnvironments(names?.length ? names : undefined);
  const mode = resolveDeploymentMode();
  if (mode === "plan-only") console.error(PLAN_ONLY_BANNER);
  for (const warning of environments.flatMap(capacityWarnings)) console.error(`WARNING: ${warning}`);
  const stacks = synthesize({ environments, mode });
  console.error(`Synthesized ${stacks.length} stacks for ${environments.map((env) => env.name).join(", ")}.`);
} catch (error) {
  if (!(error instanceof ConfigErrors)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
