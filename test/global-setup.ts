/** Runs once before the whole suite. Kept for suite-wide preparation (Terraform CLI config, shared caches). */
export default function setup(): void {}
