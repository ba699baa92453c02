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
# A TF_CLI_CONFIG_FILE that names a missing file only makes terraform print a warning on every call.
ifneq ($(TF_CLI_CONFIG_FILE),)
ifeq ($(wildcard $(TF_CLI_CONFIG_FILE)),)
export TF_CLI_CONFIG_FILE := /dev/null
endif
endif

CONFIGURATION := Release
# The interpreter of the notebook lint: Debian's python3-pyflakes installs for /usr/bin/python3.
LINT_PYTHON ?= /usr/bin/python3
# bats, bats-assert and bats-support come from npm (package.json), so every machine runs the same pinned versions.
BATS := node_modules/bats/bin/bats
APP_DLL := src/CdkInfra.App/bin/$(CONFIGURATION)/net10.0/CdkInfra.App.dll
# The app as make synth and the app command of cdktf.json run it: published ReadyToRun (compiled ahead of time for this
# machine's runtime identifier): a synthesis takes some 15% less processor time than with the JIT build
# (docs/benchmark.md). Tests run the build itself.
APP_RUN := src/CdkInfra.App/bin/$(CONFIGURATION)/net10.0/ready-to-run/CdkInfra.App.dll
NPM_STAMP := node_modules/.package-lock.json
FEED_STAMP := .nuget-local/.generated-15.16.1
BUILD_INPUTS := $(shell find src examples -name '*.cs' -o -name '*.csproj' | grep -v '/obj/' | grep -v '/bin/') \
	Directory.Build.props Directory.Build.targets Directory.Packages.props nuget.config
# The library ships the init script and the app two Node modules (kernel-lazy-modules.js, jsii-kernel-in-process.js): a
# changed one is copied beside the built assemblies again.
BUILD_INPUTS += $(wildcard init-scripts/*.sh src/CdkInfra.App/*.js)
# The emulator's schema is generated at build time from these.
BUILD_INPUTS += $(wildcard src/CdkInfra.Emulator/Schema/*.mjs src/CdkInfra.Emulator/Schema/*.json src/CdkInfra.Emulator/Protos/*.proto)

# make synth checks the notebooks again only when a lesson, a solution or a checker changed, or a file was added or
# removed (the folders' times change too): the checks take about 0.65 s of every synthesis (docs/benchmark.md).
NOTEBOOK_INPUTS := $(shell find course/notebooks course/solutions course/tools -name __pycache__ -prune -o -print)
NOTEBOOK_STAMP := .cache/notebooks-checked

.PHONY: synth synth-hcl test test-tools pack example app deps bench accept-snapshots clean check-notebooks course-notebooks format-check course-smoke \
	plan-offline apply-offline emulator-reset emulator-parity test-emulator bench-plan

## synth: synthesize every stack into cdktf.out/ (JSON; or JSON_OUT). `make synth HCL=1` writes terraform-fmt-clean HCL
## instead. When nothing the app reads changed since it wrote the output, and the output is as it left it, the output
## stands and the app does not run again (scripts/synth.py says what counts as input).
JSON_OUT ?= cdktf.out
synth: $(NOTEBOOK_STAMP) app
ifeq ($(HCL),1)
	@$(MAKE) synth-hcl
else
	@./scripts/synth.py $(APP_RUN) $(JSON_OUT)
	@echo "synthesized: $$(ls $(JSON_OUT)/stacks | tr '\n' ' ')-> $(JSON_OUT)/stacks/"
endif

## synth-hcl: HCL through the cdktf CLI, made terraform-fmt clean, into cdktf.out/ (or HCL_OUT).
HCL_OUT ?= cdktf.out
synth-hcl: app
	@rm -rf $(HCL_OUT).tmp
	@npx --no-install cdktf synth --hcl --output $(HCL_OUT).tmp >/dev/null
	@./scripts/tidy-hcl.sh $(HCL_OUT).tmp/stacks
	@rm -rf $(HCL_OUT) && mv $(HCL_OUT).tmp $(HCL_OUT)
	@echo "synthesized HCL (terraform fmt clean): $$(ls $(HCL_OUT)/stacks | tr '\n' ' ')-> $(HCL_OUT)/stacks/"

## test: every test of the project. Installs the test tools it needs first (scripts/install-test-tools.sh).
test: app test-tools example
	dotnet test tests/CdkInfra.Constructs.Tests/CdkInfra.Constructs.Tests.csproj -c $(CONFIGURATION) --nologo -v q
	dotnet test tests/CdkInfra.App.Tests/CdkInfra.App.Tests.csproj -c $(CONFIGURATION) --nologo -v q
	@$(MAKE) test-emulator
	dotnet format CdkInfra.sln --verify-no-changes --no-restore && dotnet format examples/PartnerCourse/PartnerCourse.csproj --verify-no-changes --no-restore && echo "C#: dotnet format clean"
	shellcheck scripts/*.sh .ci/run
	yamllint -s .github .yamllint.yml
	@for f in .github/workflows/*.yml .github/actions/*/action.yml; do node_modules/.bin/action-validator "$$f" || { echo "action-validator: $$f is not a valid workflow or action" >&2; exit 1; }; done; echo "workflows: action-validator clean"
	PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -q -s course/packages/course_etl/tests -t course/packages/course_etl
	shellcheck init-scripts/*.sh init-scripts/tests/*.bash init-scripts/tests/stubs/*
	BATS_LIB=$(CURDIR)/node_modules $(BATS) init-scripts/tests
	@$(MAKE) synth-hcl HCL_OUT=$$(mktemp -d)/out >/dev/null && echo "HCL output: terraform fmt -check clean"
	python3 course/datasets/generate.py --check
	$(LINT_PYTHON) course/tools/check_notebooks.py --lint
	$(LINT_PYTHON) -m unittest discover -s course/tests

## plan-offline: the real Terraform against the workspace emulator, no credentials: synth (CDKTF_CONTEXT_JSON applies),
## init, validate and plan every stack, print each plan's summary. See docs/emulator.md.
plan-offline: check-notebooks app
	./scripts/terraform-offline.sh plan

## apply-offline: plan-offline, then apply into the emulator and require a second plan with no changes.
apply-offline: check-notebooks app
	./scripts/terraform-offline.sh apply

## emulator-parity: every emulator rule case against the emulator, compared with the outcomes recorded against a real
## workspace (tests/emulator/parity/<profile>.json). With LIVE=1 PROFILE=<kind of workspace> and DATABRICKS_HOST plus
## credentials in the environment: run the cases of that profile against the real workspace and record them.
emulator-parity: app
ifeq ($(LIVE),1)
	./scripts/emulator-parity.py --live --profile "$(PROFILE)"
else
	./scripts/emulator-parity.py $(if $(PROFILE),--profile "$(PROFILE)")
endif

## emulator-reset: forget the emulated workspace and its Terraform state (.emulator/).
emulator-reset:
	rm -rf .emulator
	@echo "emulator: workspace reset (.emulator/ removed)"

## test-emulator: the emulator's unit tests and the Terraform scenarios against it (part of make test).
test-emulator: app $(NPM_STAMP)
	dotnet test tests/CdkInfra.Emulator.Tests/CdkInfra.Emulator.Tests.csproj -c $(CONFIGURATION) --nologo -v q
	shellcheck tests/emulator/*.bash
	PYTHONDONTWRITEBYTECODE=1 python3 -m unittest discover -q -s tests/emulator/parity
	BATS_LIB=$(CURDIR)/node_modules $(BATS) tests/emulator

## check-notebooks: the course notebooks' structure, %run targets, syntax and course rules, on Python's standard
## library alone (a bad notebook stops synth). `make test` adds the pyflakes lint.
check-notebooks:
	@python3 course/tools/student_notebooks.py --check >/dev/null
	@python3 course/tools/check_notebooks.py

$(NOTEBOOK_STAMP): $(NOTEBOOK_INPUTS)
	@$(MAKE) check-notebooks
	@mkdir -p $(@D) && touch $@

## course-notebooks: write the students' lessons (course/notebooks/weekN/NN_*.py) from their solutions, the one source
## (course/solutions: the worked answer between `# BEGIN SOLUTION` and `# END SOLUTION` becomes a `# TODO` scaffold).
course-notebooks:
	@python3 course/tools/student_notebooks.py

## test-tools: install what `make test` uses and the machine lacks (npm packages, then Debian packages or a message).
test-tools: $(NPM_STAMP)
	@LINT_PYTHON=$(LINT_PYTHON) ./scripts/install-test-tools.sh

## course-smoke: run the deployed course's smoke-test job (every lesson's solution, in order) and wait for it.
## Credentials from the environment, as for a deploy (DATABRICKS_HOST and DATABRICKS_TOKEN or client id/secret).
course-smoke:
	./scripts/course-smoke.sh $(JOB_ID)

## format-check: C# formatting and style against .editorconfig (dotnet format; changes nothing).
format-check: app
	dotnet format CdkInfra.sln --verify-no-changes --no-restore

## app: build the app (and the library) when a source changed, and publish it ReadyToRun for make synth.
app: $(APP_RUN)

$(APP_RUN): $(FEED_STAMP) $(BUILD_INPUTS)
	dotnet build CdkInfra.sln -c $(CONFIGURATION) -nologo -v q -clp:ErrorsOnly
	dotnet publish src/CdkInfra.App/CdkInfra.App.csproj -c $(CONFIGURATION) --use-current-runtime --self-contained false \
		-p:PublishReadyToRun=true -o $(@D) -nologo -v q -clp:ErrorsOnly
	@touch $(APP_DLL) $@

deps: $(FEED_STAMP)

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(FEED_STAMP): $(NPM_STAMP) scripts/generate-bindings.sh
	./scripts/generate-bindings.sh
	@touch $@

## pack: the construct library as a NuGet package (and symbols) in artifacts/, version from Directory.Build.props.
pack: app
	@./scripts/pack.sh

## example: build examples/PartnerCourse from the freshly packed package, as another team would (artifacts/ feed).
EXAMPLE_PACKAGES := artifacts/example-packages
example: pack
	@rm -rf $(EXAMPLE_PACKAGES)/cdkinfra.constructs
	dotnet build examples/PartnerCourse/PartnerCourse.csproj -c $(CONFIGURATION) -nologo -v q -clp:ErrorsOnly --packages $(EXAMPLE_PACKAGES)

## bench: in one run (some 10 to 12 minutes on 2 cores): the app command and `make synth` with nothing to rebuild, for
## the shipped 8 users and 10,000 generated ones, against the same resources made in the CDKTF TypeScript idiom
## (bench/ts-idiom), paired, with medians and ratios; Terraform's plan, apply and re-plan of the shipped roster against
## the workspace emulator; then the 1,000-user plan of bench-plan, stack by stack.
bench: app
	./bench/synth-bench.py
	./bench/plan-bench.py --sizes 8
	$(BENCH_PLAN_1000)

## bench-plan: 1,000 generated users with the default identity mode (users as principals, workspace groups) in the
## recommended cohorts of 100, one of their admins as super admin: plan, apply, then re-plan every stack against the
## workspace emulator, stack by stack, then the re-plan with stacks side by side; about 6 minutes, most of it the
## cohorts' applies (docs/benchmark.md). The last part of make bench, on its own. Account groups and 10,000 users:
## ./bench/plan-bench.py --help.
BENCH_PLAN_1000 := ./bench/plan-bench.py --sizes 1000 --cohort-size 100 --roster-super-admin --per-stack --timeout 1800
bench-plan: app
	$(BENCH_PLAN_1000)

## accept-snapshots: rerun the tests, replacing every snapshot (*.verified.*) and generated docs page (docs/props.md, the
## generated part of docs/access-policy.md) with what the code now produces. Review the diff.
accept-snapshots: app
	CDKINFRA_ACCEPT_SNAPSHOTS=1 dotnet test tests/CdkInfra.Constructs.Tests/CdkInfra.Constructs.Tests.csproj -c $(CONFIGURATION) --nologo -v q || true
	CDKINFRA_ACCEPT_SNAPSHOTS=1 dotnet test tests/CdkInfra.App.Tests/CdkInfra.App.Tests.csproj -c $(CONFIGURATION) --nologo -v q || true
	@git status --short -- '*.verified.json' '*.verified.md' docs

clean:
	rm -rf cdktf.out cdktf.out.tmp bench/out .emulator
	dotnet clean CdkInfra.sln -nologo -v q >/dev/null
