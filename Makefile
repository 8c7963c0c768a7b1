# The platform's commands. Each target installs what it needs on a clean clone.
#   make plan    [ENV=dev] [STACK=<env>-<pipeline>-<component>]   plan offline, write plans/<env>/SUMMARY.md
#   make synth   [ENV=...]                                         cdktf.out/stacks/<stack>/cdk.tf.json (all environments by default)
#   make validate [ENV=...]                                        terraform validate every synthesized stack
#   make deploy  ENV=... STACK=...                                 cdktf deploy of one stack (real credentials only)
#   make test                                                      type check, then the whole test suite
#   make bench                                                     benchmarks, bench/results.json
SHELL := /bin/bash
.DEFAULT_GOAL := help
ENV ?=
STACK ?=
NPX := npx --no-install

.PHONY: help install synth plan validate deploy test bench schema clean

help:
	@sed -n '2,8p' Makefile | sed 's/^# \{0,1\}//'

# npm ci when node_modules is missing or older than the lockfile.
node_modules/.install-stamp: package-lock.json package.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.install-stamp

synth: install
	STREAMING_ENV=$(ENV) node tools/synth/run.mjs

plan: install
	$(NPX) tsx tools/plan/run-plan.ts --env $(or $(ENV),dev) $(if $(STACK),--stack $(STACK))

validate: install
	$(NPX) tsx tools/terraform/validate-all.ts $(if $(ENV),--env $(ENV))

deploy: install
	@test -n "$(ENV)" -a -n "$(STACK)" || { echo "usage: make deploy ENV=<env> STACK=<env>-<pipeline>-<component>"; exit 2; }
	$(NPX) tsx tools/deploy.ts --env $(ENV) --stack $(STACK)

test: install
	$(NPX) tsc --noEmit -p .
	$(NPX) vitest run

bench: install
	npm run bench

schema: install
	$(NPX) tsx envs/schema/write-json-schema.ts

clean:
	rm -rf cdktf.out plans build
