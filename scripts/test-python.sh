#!/usr/bin/env bash
# The Python test (projen task test:python): build the wheel, install it in a fresh
# virtual environment with aws-cdk-lib and constructs at the versions the project's
# dev dependencies pin, synthesize examples/python/app.py and assert on it with pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls dist/python/*.whl >/dev/null 2>&1 || [ lib/index.js -nt "$(ls -t dist/python/*.whl | head -1)" ]; then
  npx projen package:python
fi
wheel=$(ls -t dist/python/*.whl | head -1)

cdk_version=$(node -p "require('aws-cdk-lib/package.json').version")
constructs_version=$(node -p "require('constructs/package.json').version")
nag_version=$(node -p "require('cdk-nag/package.json').version")

venv=.venv-python-test
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "aws-cdk-lib==${cdk_version}" "constructs==${constructs_version}" "cdk-nag==${nag_version}" pytest
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
"$venv/bin/pip" install --quiet --disable-pip-version-check "$wheel"

cd examples/python
"../../$venv/bin/python" -m pytest -q -p no:cacheprovider
