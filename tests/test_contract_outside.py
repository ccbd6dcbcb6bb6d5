"""Schemathesis from outside the process, as a stranger would run it: the CLI
against the live server's /schema/openapi.json, default settings, no project
configuration (it runs in an empty directory). Every phase must find nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eligibility.checks import CHECKS
from tests.conftest import ROOT
from tests.servers import running_server

pytestmark = pytest.mark.socket


def test_schemathesis_with_default_settings_finds_no_issue(tmp_path: Path) -> None:
    cli = Path(sys.executable).parent / "schemathesis"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATHESIS_")}
    # Thousands of requests: no access log, so the server's output pipe cannot fill.
    with running_server(env={"ELIGIBILITY_LOG_LEVEL": "warning"}) as (base, _):
        result = subprocess.run(
            [str(cli), "run", f"{base}/schema/openapi.json", "--no-color"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No issues found" in output, output
    tested = next(line for line in output.splitlines() if "Tested:" in line)
    spec = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    operations = sum(len(item) for item in spec["paths"].values())
    # Every declared check, the batch, three market reads, the lookup and two probes.
    assert operations == len(CHECKS) + 7
    assert tested.split()[-1] == str(operations), tested
