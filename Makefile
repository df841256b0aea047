# fz workbook — run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DATA ?= data

.DEFAULT_GOAL := help

.PHONY: help
help: ## 列出所有目标 / list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

# The venv is rebuilt when pyproject.toml changes. uv installs the stack in seconds;
# plain pip is the fallback when uv cannot be installed.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv >/dev/null 2>&1 || true
	@if [ -x $(BIN)/uv ]; then \
	  $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -e '.[dev]'; \
	else \
	  $(BIN)/python -m pip install -q -e '.[dev]'; \
	fi
	@$(BIN)/python -m compileall -q fzdata >/dev/null  # bytecode now (uv: --compile-bytecode), not in every first worker
	@touch $(STAMP)

.PHONY: setup
setup: $(STAMP) ## 创建 .venv 并安装依赖 / create .venv and install

.PHONY: check
check: $(STAMP) ## 检查样例台账 / validate the sample ledgers (fz check)
	$(BIN)/fz check --data $(DATA)

.PHONY: report
report: $(STAMP) ## 生成全部样例报告和县级汇总到 outputs/ / build every report and the county roll-up (fz build)
	$(BIN)/fz build --data $(DATA) --out outputs

.PHONY: lab
lab: $(STAMP) ## 启动 JupyterLab / start JupyterLab on notebooks/ (fz lab)
	$(BIN)/fz lab --data $(DATA) --out outputs

.PHONY: sync
sync: $(STAMP) ## 同步 notebook 与 py:percent 配对文件 / sync notebooks with their py:percent pairs
	$(BIN)/jupytext --sync notebooks/*.ipynb

.PHONY: lint
lint: $(STAMP) ## ruff 检查与格式 / ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: $(STAMP) ## 自动修正格式 / apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Browser tests use Debian's Chromium (no browser is ever downloaded at run time); the Word
# rendering tests use LibreOffice (writer, headless) and poppler's pdftoppm. Installed here when
# missing and possible (root with apt); otherwise those tests skip with the reason.
.PHONY: browser
browser: ## 安装浏览器与 Word 渲染测试用的 Chromium、LibreOffice、poppler 与中文字体 / install them for the rendering tests
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	    || ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "安装 chromium、libreoffice-writer-nogui、poppler-utils 与 fonts-noto-cjk（渲染测试需要）…"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-noto-cjk libreoffice-writer-nogui poppler-utils >/dev/null) \
	      || echo "无法安装：浏览器与 Word 渲染测试将跳过"; \
	  else \
	    echo "缺少 chromium 或 LibreOffice，也无法用 apt-get 安装：相关渲染测试将跳过（以 root 运行 make browser 可安装）"; \
	  fi; \
	fi

.PHONY: test
# Test files run side by side on the cores (pytest-xdist); a file's tests stay together, so
# its module fixtures are made once. The sample is built once per run for all workers
# (tests/conftest.py: built_sample, under a file lock).
test: $(STAMP) lint browser ## 全部测试（含 lint）/ lint plus the whole test suite
	$(BIN)/python -m pytest -q -n auto --dist loadfile

.PHONY: docs
docs: $(STAMP) ## 由数据文件重新生成文档中的表格 / regenerate the generated parts of docs/
	$(BIN)/python -m fzdata.core.findings docs/data.md
	$(BIN)/python -m fzdata.unit.catalogue docs/data.md

.PHONY: bench
bench: $(STAMP) ## 性能基准 / print the benchmark tables
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_build.py

.PHONY: samples
samples: $(STAMP) ## 重新生成样例数据与测试夹具 / regenerate sample ledgers and fixtures
	$(BIN)/python scripts/make_sample_data.py
	$(BIN)/python scripts/make_fixtures.py
	$(BIN)/python scripts/make_county_reports.py

.PHONY: clean
clean: ## 删除生成物 / remove generated files (keeps .venv)
	rm -rf outputs/*/ outputs/index.html .pytest_cache .ruff_cache .hypothesis tests/artifacts

.PHONY: distclean
distclean: clean ## 连同 .venv 一起删除 / also remove .venv
	rm -rf $(VENV)
