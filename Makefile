# The platform's commands. Each target installs what it needs on a clean clone.
# `make help` lists every target with a `## ` comment: document a new target that way.
SHELL := /bin/bash
.DEFAULT_GOAL := help
ENV ?=
STACK ?=
NPX := npx --no-install

.PHONY: help install synth plan validate deploy test bench schema clean package bootstrap

help: ## list the targets
	@awk -F ':.*## ' '/^[A-Za-z][A-Za-z0-9_-]*:.*## / { printf "  make %-10s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# npm ci when node_modules is missing or older than the lockfile.
node_modules/.install-stamp: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp ## npm ci when node_modules is missing or older than the lockfile

synth: install ## [ENV=dev,prod] cdktf.out/stacks/<stack>/cdk.tf.json (every environment by default)
	STREAMING_ENV=$(ENV) node tools/synth/run.mjs

plan: install ## [ENV=dev] [STACK=<env>-<pipeline>-<component>] plan offline, write plans/<env>/SUMMARY.md
	$(NPX) tsx tools/plan/run-plan.ts --env $(or $(ENV),dev) $(if $(STACK),--stack $(STACK))

validate: install ## [ENV=...] terraform validate every synthesized stack
	$(NPX) tsx tools/terraform/validate-all.ts $(if $(ENV),--env $(ENV))

deploy: install ## ENV=... STACK=... cdktf deploy of one stack (real credentials only)
	@test -n "$(ENV)" -a -n "$(STACK)" || { echo "usage: make deploy ENV=<env> STACK=<env>-<pipeline>-<component>"; exit 2; }
	$(NPX) tsx tools/deploy.ts --env $(ENV) --stack $(STACK)

test: install ## type check, then the whole test suite
	$(NPX) tsc --noEmit -p .
	$(NPX) vitest run

bootstrap: install ## ENV=... create the state and artifact buckets the first deploy needs (honours AWS_ENDPOINT_URL_S3)
	@test -n "$(ENV)" || { echo "usage: make bootstrap ENV=<env>"; exit 2; }
	$(NPX) tsx tools/bootstrap/bootstrap.ts --env $(ENV)

package: install ## the modules as an npm package, build/package/*.tgz
	$(NPX) tsx tools/package/build.ts

bench: install ## benchmarks, bench/results.json
	npm run bench

schema: install ## regenerate envs/schema.json after changing the zod schema
	$(NPX) tsx envs/schema/write-json-schema.ts

clean: ## remove cdktf.out, plans and build
	rm -rf cdktf.out plans build
