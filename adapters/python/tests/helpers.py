"""Shared helpers of the adapter's tests (stdlib only)."""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER_DIR = os.path.dirname(HERE)
ADAPTER = os.path.join(ADAPTER_DIR, "adapter.py")
FIXTURES = os.path.join(HERE, "fixtures", "cases.jsonl")

if ADAPTER_DIR not in sys.path:
    sys.path.insert(0, ADAPTER_DIR)

HELLO = {"type": "hello", "seq": 0, "protocol": {"min": 1, "max": 1}, "tool": "vwo-conform", "version": "test"}


def fixture_runs():
    """The run messages of tests/fixtures/cases.jsonl (cases of the built-in
    corpus, as the runner sends them)."""
    with open(FIXTURES, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def fixture_case(case_id):
    for run in fixture_runs():
        if run["case"]["id"] == case_id:
            return run["case"]
    raise KeyError(case_id)


def simple_case(**overrides):
    """A one-step case on a small settings file: AB_50_50 (id 231, goal
    CUSTOM 201, REVENUE 202), running."""
    case = {
        "id": "test/simple",
        "settings": {
            "sdkKey": "sample-sdk-key-0001",
            "accountId": 888888,
            "version": 1,
            "campaigns": [
                {
                    "id": 231,
                    "key": "AB_50_50",
                    "name": "AB_50_50",
                    "status": "RUNNING",
                    "type": "VISUAL_AB",
                    "percentTraffic": 100,
                    "isForcedVariationEnabled": False,
                    "segments": {},
                    "goals": [
                        {"id": 201, "identifier": "CUSTOM", "type": "CUSTOM_GOAL"},
                        {"id": 202, "identifier": "REVENUE", "type": "REVENUE_TRACKING"},
                    ],
                    "variations": [
                        {"id": 1, "name": "Control", "weight": 50, "changes": {}},
                        {"id": 2, "name": "Variation-1", "weight": 50, "changes": {}},
                    ],
                }
            ],
        },
        "clock": {"nowMs": 1700000000123, "random": [0.25, 0.75]},
        "steps": [{"op": "track", "track": {"campaignKey": "AB_50_50", "userId": "Ashley", "goalIdentifier": "CUSTOM"}}],
    }
    case.update(overrides)
    return case


def run_adapter(messages, timeout=60, env=None):
    """Runs adapter.py with the current interpreter (the venv's), writes
    messages as JSON lines, and returns (status, stdout lines, stderr)."""
    data = "".join(json.dumps(m) + "\n" for m in messages).encode("utf-8")
    proc = subprocess.run(
        [sys.executable, ADAPTER],
        input=data,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ADAPTER_DIR,
        timeout=timeout,
        env=env,
    )
    out = proc.stdout.decode("utf-8")
    return proc.returncode, out.splitlines(), proc.stderr.decode("utf-8", errors="replace")
