# The two commands of the README: `make synth` and `make test`. Everything they need (npm packages, the generated
# NuGet packages, the .NET build) is installed or generated here, and skipped when already up to date.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := synth
MAKEFLAGS += --no-print-directory

# jsii's Node 20 end-of-life banner is noise on every run; real errors still show.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
# No version-check call from the cdktf CLI (there may be no network, and it costs seconds).
export CHECKPOINT_DISABLE := 1
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

CONFIGURATION := Release
APP_DLL := src/CdkInfra.App/bin/$(CONFIGURATION)/net10.0/CdkInfra.App.dll
NPM_STAMP := node_modules/.package-lock.json
FEED_STAMP := .nuget-local/HashiCorp.Cdktf.Providers.Databricks.15.16.1.nupkg
BUILD_INPUTS := $(shell find src -name '*.cs' -o -name '*.csproj' | grep -v '/obj/' | grep -v '/bin/') \
	Directory.Build.props Directory.Build.targets Directory.Packages.props nuget.config

.PHONY: synth synth-hcl test app deps bench accept-snapshots clean

## synth: synthesize every stack into cdktf.out/ (JSON). `make synth HCL=1` writes terraform-fmt-clean HCL instead.
synth: app
ifeq ($(HCL),1)
	@$(MAKE) synth-hcl
else
	@rm -rf cdktf.out.tmp
	@CDKTF_OUTDIR=cdktf.out.tmp dotnet $(APP_DLL)
	@rm -rf cdktf.out && mv cdktf.out.tmp cdktf.out
	@echo "synthesized: $$(ls cdktf.out/stacks | tr '\n' ' ')-> cdktf.out/stacks/"
endif

## synth-hcl: HCL through the cdktf CLI, then terraform fmt (the CLI's HCL is not fmt-clean on its own).
synth-hcl: app
	npx --no-install cdktf synth --hcl --output cdktf.out
	terraform fmt -recursive cdktf.out/stacks >/dev/null
	terraform fmt -check -recursive cdktf.out/stacks

## test: every test of the project.
test: app
	dotnet test tests/CdkInfra.Tests/CdkInfra.Tests.csproj -c $(CONFIGURATION) --nologo -v q

## app: build the app (and the library) when a source changed.
app: $(APP_DLL)

$(APP_DLL): $(FEED_STAMP) $(BUILD_INPUTS)
	dotnet build CdkInfra.sln -c $(CONFIGURATION) -nologo -v q -clp:ErrorsOnly
	@touch $@

deps: $(FEED_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(FEED_STAMP): $(NPM_STAMP) scripts/generate-bindings.sh
	./scripts/generate-bindings.sh

## bench: synthesis time, peak memory and resource count for rosters of 8, 1,000 and 10,000 users.
bench: app
	./bench/synth-bench.py

## accept-snapshots: rerun the tests, replacing every *.verified.json with what the code now produces. Review the diff.
accept-snapshots: app
	CDKINFRA_ACCEPT_SNAPSHOTS=1 dotnet test tests/CdkInfra.Tests/CdkInfra.Tests.csproj -c $(CONFIGURATION) --nologo -v q || true
	@git status --short -- '*.verified.json'

clean:
	rm -rf cdktf.out cdktf.out.tmp bench/out
	dotnet clean CdkInfra.sln -nologo -v q >/dev/null
