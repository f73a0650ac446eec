"""Synthesizes the Python example app with the wheel just built and asserts on the
checklist's findings: specific rule IDs on specific construct paths."""
import json
import os
import re

import pytest

from app import build_app

HERE = os.path.dirname(__file__)


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("python-example")
    report_file = str(tmp / "hardened-report.json")
    assembly = build_app(str(tmp / "cdk.out"), report_file).synth()
    with open(report_file) as f:
        report = json.load(f)
    return assembly, report


def hardened_messages(stack, level):
    out = set()
    for m in stack.messages:
        data = str(m.entry.data)
        found = re.search(r"\[(Hardened-[A-Z]+[0-9]+)", data)
        if m.level.name.lower() == level and found:
            out.add((m.id, found.group(1)))
    return out


def test_insecure_stack_fails_with_the_expected_rules_on_the_right_paths(synthesized):
    assembly, _ = synthesized
    errors = hardened_messages(assembly.get_stack_by_name("Insecure"), "error")
    expected = {
        ("/Insecure/Reader/ServiceRole/DefaultPolicy/Resource", "Hardened-IAM1"),
        ("/Insecure/Reader/ServiceRole/DefaultPolicy/Resource", "Hardened-IAM2"),
        ("/Insecure/Reader/Resource", "Hardened-SEC1"),
        ("/Insecure/Reader/Resource", "Hardened-LMB1"),
        ("/Insecure/Ssh/Resource", "Hardened-NET2"),
        ("/Insecure/Reports/Resource", "Hardened-TLS1"),
        ("/Insecure/Vpc/Resource", "Hardened-NET5"),
    }
    assert expected <= errors, f"missing: {expected - errors}"


def test_compliant_stack_has_no_checklist_errors_or_warnings(synthesized):
    assembly, _ = synthesized
    stack = assembly.get_stack_by_name("Compliant")
    assert hardened_messages(stack, "error") == set()
    assert hardened_messages(stack, "warning") == set()
    # The checklist did run on it: its acknowledged finding is shown as information.
    assert any(rule == "Hardened-LMB1" for _, rule in hardened_messages(stack, "info"))


def test_the_acknowledged_finding_is_reported_as_acknowledged(synthesized):
    _, report = synthesized
    acknowledged = [f for f in report["findings"] if f["acknowledged"]]
    assert any(
        f["ruleId"] == "LMB1"
        and f["stack"] == "Compliant"
        and f["acknowledgement"]["reason"].startswith("CDK-internal provider")
        and f["acknowledgement"]["expires"] == "2027-04-30"
        for f in acknowledged
    ), acknowledged
    assert report["summary"]["acknowledged"] == len(acknowledged)


def test_readme_python_examples_are_this_app_and_valid_python():
    with open(os.path.join(HERE, "..", "..", "README.md")) as f:
        readme = f.read()
    with open(os.path.join(HERE, "app.py")) as f:
        app_source = f.read()
    # The README's full Python example is this file, verbatim.
    assert app_source.strip() in readme
    # Every other Python snippet in the README at least compiles.
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 5
    for block in blocks:
        compile(block, "README.md", "exec")
