import { ENVS_DIR, listEnvironments, loadEnvironment } from "../../envs/load";

/** One job of the pull-request plan workflow. */
export interface MatrixEntry {
  readonly env: string;
  /** Empty when the environment's configuration does not load: its plan job then fails and posts the error. */
  readonly accountId: string;
  readonly region: string;
}

/** The plan workflow's matrix: every environment in envs/, with the account and region an OIDC role needs. */
export function environmentMatrix(envsDir = ENVS_DIR): { include: MatrixEntry[] } {
  return {
    include: listEnvironments(envsDir).map((env) => {
      try {
        const config = loadEnvironment(env, envsDir);
        return { env, accountId: config.accountId, region: config.region };
      } catch {
        return { env, accountId: "", region: "" };
      }
    }),
  };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) console.log(JSON.stringify(environmentMatrix()));
