"""``socklab run``: one line per step, exit 0 / 1 / 2, the JUnit report read
back, the README's example against ``socklab tcp serve --echo``, and the
teacher's exercise graded against a good and a buggy student server."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scenario_peers import ExerciseServer, socat_echo
from socklab_cli import run, start

SCENARIOS = Path(__file__).parents[2] / "resources" / "scenarios"


def _port(process) -> int:
    for line in process.stdout:
        if "listening on" in line:
            return int(re.search(r":(\d+)", line.split("listening on", 1)[1]).group(1))
    raise AssertionError(f"no port said; stderr: {process.stderr.read()}")


def test_the_readme_example_passes_against_socklab_tcp_serve_echo():
    server = start("tcp", "serve", "127.0.0.1:0", "--echo", "--quiet")
    port = _port(server)
    result = run("run", str(SCENARIOS / "echo.toml"), "--var", f"port={port}")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{SCENARIOS / 'echo.toml'}: echo server answers (tcp://127.0.0.1:{port})"
    assert re.match(r"  passed   0      connect tcp://127\.0\.0\.1:\d+  \(", lines[1])
    assert "  passed   2      expect /hel+o\\n/  (" in result.stdout
    assert lines[-1].startswith(f"{SCENARIOS / 'echo.toml'}: PASSED: 14 of 14 steps passed (")


@pytest.mark.skipif(shutil.which("socat") is None, reason="socat is not installed")
def test_a_passing_and_a_failing_file_exit_1_and_the_junit_report_says_which(tmp_path):
    report = tmp_path / "report.xml"
    with socat_echo("tcp") as port:
        good = tmp_path / "good.toml"
        good.write_text(
            f'connect = "tcp://127.0.0.1:{port}"\n[[step]]\nsend = "hi\\n"\n'
            '[[step]]\nexpect = "hi"\n'
        )
        bad = tmp_path / "bad.toml"
        bad.write_text(
            f'name = "wrong answer"\nconnect = "tcp://127.0.0.1:{port}"\ntimeout = 0.3\n'
            '[[step]]\nsend = "bye<&>\\u0001\\n"\n[[step]]\nexpect = "hello"\n'
            "[[step]]\nsleep = 1\n"
        )
        result = run("run", str(good), str(bad), "--junit", str(report))
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{good}: PASSED: 3 of 3 steps passed" in result.stdout
    assert (
        "  FAILED   2      expect /hello/  (" in result.stdout
        and '[line 7] what arrived did not match in 0.3 s  arrived "bye<&>\\x01\\n"'
        in result.stdout
    )
    assert "  not run  3      sleep 1 s\n" in result.stdout
    assert "1 of 2 scenarios passed" in result.stdout

    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("7", "1", "1")
    first, second = root.findall("testsuite")
    assert (first.get("name"), first.get("failures")) == ("good", "0")
    assert (second.get("name"), second.get("tests"), second.get("failures")) == (
        "wrong answer",
        "4",
        "1",
    )
    cases = second.findall("testcase")
    assert [c.get("name") for c in cases] == [
        f"connect tcp://127.0.0.1:{port}",
        'step 1: send "bye<&>\\x01\\n"',
        "step 2: expect /hello/",
        "step 3: sleep 1 s",
    ]
    failure = cases[2].find("failure")
    assert failure.get("message") == "what arrived did not match in 0.3 s"
    assert failure.text.endswith("arrived: bye<&>\\x01\\n")
    assert cases[2].get("line") == "7" and cases[2].get("file") == str(bad)
    assert cases[3].find("skipped") is not None
    assert not list(tmp_path.glob(".report.xml.*"))  # written atomically: no temporary left


def test_a_bad_file_exits_2_with_its_line_and_key_and_runs_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'connect = "tcp://127.0.0.1:9"\n[[step]]\nsend = "a"\n[[step]]\nexpect_hex = "01 0 03"\n'
    )
    report = tmp_path / "report.xml"
    result = run("run", str(bad), "--junit", str(report))
    assert result.returncode == 2
    assert result.stderr == (
        f"socklab run: error: {bad}: line 5: step[2].expect_hex: odd hex digit at column 4: '0'\n"
    )
    assert result.stdout == ""
    error = ET.parse(report).getroot().find("testsuite/testcase/error")
    assert "line 5: step[2].expect_hex" in error.get("message")


def test_a_bad_var_argument_exits_2():
    result = run("run", str(SCENARIOS / "echo.toml"), "--var", "9port=1")
    assert result.returncode == 2
    assert "argument --var: '9port=1': write NAME=VALUE" in result.stderr


def test_the_teachers_exercise_grades_a_good_and_a_buggy_server(tmp_path):
    homework = SCENARIOS / "homework.toml"
    good = ExerciseServer(good=True)
    try:
        result = run("run", str(homework), "--var", f"port={good.port}")
    finally:
        good.close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  passed   2      回答“已收到” / answers 已收到  (" in result.stdout
    assert "  passed   5      收到 exit 就关闭 / closes on exit  (" in result.stdout

    buggy = ExerciseServer(good=False)
    try:
        result = run("run", str(homework), "--var", f"port={buggy.port}")
    finally:
        buggy.close()
    assert result.returncode == 1
    assert (
        "  FAILED   2      回答“已收到” / answers 已收到  (" in result.stdout
        and '[line 17] the peer closed the connection; nothing arrived matched  arrived "ok\\n"'
        in result.stdout
    )
