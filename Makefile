# The platform's commands. Each target installs what it needs on a clean clone; `make help` lists them
# from the `## ` comment on each target's line.
SHELL := /bin/bash
.DEFAULT_GOAL := help
ENV ?=
STACK ?=
NPX := npx --no-install
MOTO_VERSION := 5.2.1
# TARGET=local deploys to the local AWS API (moto on 127.0.0.1, LOCAL_AWS_PORT or 4566); TARGET=aws to real AWS.
# Unset: real AWS when AWS credentials are found, else the local AWS API (said loudly).
TARGET ?=
TARGET_ENV := $(if $(TARGET),STREAMING_TARGET=$(TARGET))

.PHONY: help install synth plan validate deploy destroy up down local-aws-install local-aws-stop check test test-local-aws bench schema clean package bootstrap

help: ## list the targets
	@awk -F ':.*## ' '/^[A-Za-z][A-Za-z0-9_-]*:.*## / { printf "  make %-18s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# npm ci when node_modules is missing or was installed from another lockfile. Compared by content, not
# mtime: a fresh checkout or worktree has a lockfile newer than any stamp.
INSTALL_DIGEST = $(shell cat package.json package-lock.json | sha256sum | cut -c1-64)
install: ## npm ci when node_modules is missing or was installed from another package-lock.json
	@test "$$(cat node_modules/.install-stamp 2>/dev/null)" = "$(INSTALL_DIGEST)" || { npm ci --no-audit --no-fund && echo "$(INSTALL_DIGEST)" > node_modules/.install-stamp; }

synth: install ## [ENV=a,b] synthesize cdktf.out/stacks/<stack>/cdk.tf.json (every environment by default)
	STREAMING_ENV=$(ENV) node tools/synth/run.mjs

plan: install $(if $(BASE),local-aws-install) ## [ENV=dev] [STACK=..] [BASE=<git ref>] plan, write plans/<env>/SUMMARY.md (BASE: against that revision deployed locally)
	$(NPX) tsx tools/plan/run-plan.ts --env $(or $(ENV),dev) $(if $(STACK),--stack $(STACK)) $(if $(BASE),--base $(BASE))

validate: install ## [ENV=..] terraform validate every synthesized stack
	$(NPX) tsx tools/terraform/validate-all.ts $(if $(ENV),--env $(ENV))

deploy: install local-aws-install ## ENV=.. [STACK=..] [TARGET=local|aws] deploy one stack, or all in order
	@test -n "$(ENV)" || { echo "usage: make deploy ENV=<env> [STACK=<env>-<pipeline>-<component>] [TARGET=local|aws]"; exit 2; }
	$(TARGET_ENV) $(NPX) tsx tools/deploy/cli.ts --env $(ENV) $(if $(STACK),--stack $(STACK))

destroy: install local-aws-install ## ENV=.. [STACK=..] [TARGET=local|aws] destroy one stack, or all in reverse order
	@test -n "$(ENV)" || { echo "usage: make destroy ENV=<env> [STACK=<env>-<pipeline>-<component>] [TARGET=local|aws]"; exit 2; }
	$(TARGET_ENV) $(NPX) tsx tools/deploy/cli.ts --destroy --env $(ENV) $(if $(STACK),--stack $(STACK))

up: install local-aws-install ## [ENV=dev] run the environment on the local AWS API (deploy + functions + APIs)
	$(NPX) tsx tools/local/up.ts --env $(or $(ENV),dev)

down: install ## [ENV=dev] destroy what make up deployed and stop the local processes
	$(NPX) tsx tools/local/up.ts --down --env $(or $(ENV),dev)

# moto's server for the local AWS API: the machine's when it has one, else a project-local venv.
local-aws-install: ## install moto[server] into build/local/venv when the machine has none
	@command -v moto_server >/dev/null 2>&1 || test -x build/local/venv/bin/moto_server || { \
	  command -v python3 >/dev/null 2>&1 || { echo "The local AWS API needs Python 3 (python3 with venv and pip): install it, e.g. apt-get install python3 python3-venv"; exit 1; }; \
	  echo "Installing moto[server]==$(MOTO_VERSION) into build/local/venv"; \
	  python3 -m venv build/local/venv && build/local/venv/bin/pip install --quiet "moto[server]==$(MOTO_VERSION)"; }

local-aws-stop: install ## stop the local AWS API on LOCAL_AWS_PORT (4566)
	$(NPX) tsx tools/local/stop.ts

# The type check keeps what it learnt in build/tsc: a re-run rechecks only what changed (measured: 226 s -> 92 s under a load of 30).
check: install ## the inner loop: type check, unit tests and synth, no Terraform
	$(NPX) tsc --noEmit --incremental --tsBuildInfoFile build/tsc/check.tsbuildinfo -p .
	$(NPX) vitest run --project unit
	STREAMING_PLAN_ONLY=1 node tools/synth/run.mjs

test: install local-aws-install ## type check, then every test: unit, terraform, integration and the local AWS deploy suite
	$(NPX) tsc --noEmit -p .
	$(NPX) vitest run --project unit --project terraform --project integration --project local-aws

test-local-aws: install local-aws-install ## only the local AWS deploy suite: deploy, smoke, re-plan and destroy (part of make test)
	$(NPX) vitest run --project local-aws

bootstrap: install ## ENV=... create the state and artifact buckets the first deploy needs (honours AWS_ENDPOINT_URL_S3)
	@test -n "$(ENV)" || { echo "usage: make bootstrap ENV=<env>"; exit 2; }
	$(NPX) tsx tools/bootstrap/bootstrap.ts --env $(ENV)

package: install ## the modules as an npm package, build/package/*.tgz
	$(NPX) tsx tools/package/build.ts

bench: install ## npm run bench: figures in bench/results.json
	npm run bench

schema: install ## regenerate envs/schema.json from the zod schema
	$(NPX) tsx envs/schema/write-json-schema.ts

clean: ## remove generated output (cdktf.out, plans, build)
	rm -rf cdktf.out plans build
