"""Scenario files read and checked: every error names the file, the line and
the key (a regex's column, a hex digit's column), includes and their cycles,
repeat blocks unrolled, variables."""

from __future__ import annotations

import pytest

from socklab.core.scenario import (
    MAX_STEPS,
    ScenarioError,
    StepKind,
    TargetKind,
    load_scenario,
)

GOOD = """\
name = "good"
connect = "tcp://127.0.0.1:7000"

[[step]]
send = "hello\\n"

[[step]]
expect = 'hel+o'
timeout = 2.0
"""


def _write(tmp_path, text: str, name: str = "s.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path, text: str, **variables: str) -> str:
    path = _write(tmp_path, text)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path, variables)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    return message[len(f"{path}: ") :]


def test_a_good_file_gives_its_target_and_steps(tmp_path):
    scenario = load_scenario(_write(tmp_path, GOOD))
    assert scenario.name == "good"
    assert (scenario.target.kind, scenario.target.host, scenario.target.port) == (
        TargetKind.TCP,
        "127.0.0.1",
        7000,
    )
    send, expect = scenario.steps
    assert (send.kind, send.data, send.line) == (StepKind.SEND, b"hello\n", 5)
    assert (expect.kind, expect.line, expect.timeout) == (StepKind.EXPECT, 8, 2.0)
    assert expect.pattern.pattern == "hel+o"


BAD = [
    # (the file's steps, after a good connect line; the message expected)
    (
        "[[step]]\nsend = 'a'\n[[step]]\nexpect = 'PING (\\d+'\n",
        "line 5: step[2].expect: regular expression error at column 6: missing ), "
        "unterminated subpattern",
    ),
    (
        "[[step]]\nexpect_hex = '01 0 03'\n",
        "line 3: step[1].expect_hex: odd hex digit at column 4: '0'",
    ),
    (
        "[[step]]\nhex = '01 0'\n",
        "line 3: step[1].hex: odd number of hex digits in '0' at column 4",
    ),
    ("[[step]]\nsend = 'a'\nwait = 3\n", "line 4: step[1].wait: unknown key"),
    ("[[step]]\nsend = 3\n", "line 3: step[1].send: must be a string"),
    ("[[step]]\nsleep = 'long'\n", "line 3: step[1].sleep: must be a number of seconds, 0 to 3600"),
    (
        "[[step]]\nexpect = 'x'\ntimeout = -1\n",
        "line 4: step[1].timeout: must be a number of seconds, above 0, at most 3600",
    ),
    (
        "[[step]]\nsend = 'a'\nexpect = 'b'\n",
        "line 4: step[1].expect: a step does one thing: give one of send, hex, expect",
    ),
    (
        "[[step]]\nsend = 'a {{user}}'\n",
        "line 3: step[1].send: {{user}} at column 3: no variable named 'user' "
        "(no variables are set)",
    ),
    (
        "[[step]]\nsend = 'a {{random:x}}'\n",
        "line 3: step[1].send: {{random:x}} at column 3: N must be a number 1-1024",
    ),
    (
        "[[step]]\nsend = 'a'\ntimeout = 1\n",
        "line 4: step[1].timeout: timeout goes with expect, expect_hex or expect_closed",
    ),
    (
        "[[step]]\nrepeat = 2\n[[step.do]]\nsend = 'a'\n[[step.do]]\nexpect = '('\n",
        "line 7: step[1].do[2].expect: regular expression error at column 1",
    ),
    (
        "[[step]]\nrepeat = 0\n[[step.do]]\nsend = 'a'\n",
        "line 3: step[1].repeat: must be a whole number, 1 to 10,000",
    ),
    ("[[step]]\ninclude = 'missing.toml'\n", "line 3: step[1].include: "),
]


@pytest.mark.parametrize(("steps", "said"), BAD)
def test_a_bad_step_is_said_with_its_line_and_key(tmp_path, steps, said):
    message = _error(tmp_path, 'connect = "tcp://127.0.0.1:7000"\n' + steps)
    assert message.startswith(said), message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[step]]\nsend = 'a'\n", "no connect: write connect"),
        (
            'connect = "ftp://h:1"\n[[step]]\nsend = "a"\n',
            "line 1: connect: unknown scheme 'ftp' in 'ftp://h:1'",
        ),
        (
            'connect = "tcp://127.0.0.1:99999"\n[[step]]\nsend = "a"\n',
            "line 1: connect: 'tcp://127.0.0.1:99999': port must be",
        ),
        (
            'connect = "unix:/no/such/dir/s.sock"\n[[step]]\nsend = "a"\n',
            "line 1: connect: 'unix:/no/such/dir/s.sock': the directory '/no/such/dir' "
            "does not exist",
        ),
        (
            'connect = "udp://127.0.0.1:9"\n[[step]]\nexpect_closed = true\n',
            "line 3: step[1].expect_closed: UDP has no connection to close",
        ),
        (
            'connect = "tcp://127.0.0.1:9"\ncolour = "red"\n[[step]]\nsend = "a"\n',
            "line 2: colour: unknown key",
        ),
        ('connect = "tcp://127.0.0.1:9"\n', "no [[step]] table"),
        ('connect = "tcp://127.0.0.1:9"\n[[step]\nsend = "a"\n', "line 2: not valid TOML"),
        (
            'connect = "tls://127.0.0.1:9"\n[tls]\nverify = false\n[[step]]\nsend = "a"\n',
            "line 3: tls.verify: unknown key",
        ),
        (
            'connect = "tcp://127.0.0.1:{{port}}"\n[[step]]\nsend = "a"\n',
            "line 1: connect: no variable named 'port'",
        ),
        (
            'connect = "tcp://127.0.0.1:9"\n[vars]\ncounter = 1\n[[step]]\nsend = "a"\n',
            "line 3: vars.counter: 'counter' is a template field",
        ),
    ],
)
def test_a_bad_top_is_said_with_its_line_and_key(tmp_path, text, said):
    assert _error(tmp_path, text).startswith(said)


def test_variables_from_the_file_and_the_command_line(tmp_path):
    text = (
        'connect = "tcp://{{host}}:{{port}}"\n[vars]\nhost = "127.0.0.1"\nport = 7000\n'
        "[[step]]\nsend = 'hi {{host}}'\n[[step]]\nexpect = '(?P<id>\\d+)'\n"
        "[[step]]\nsend = 'id {{id}} #{{counter}}'\n"
    )
    path = _write(tmp_path, text)
    scenario = load_scenario(path, {"port": "7001"})
    assert (scenario.target.host, scenario.target.port) == ("127.0.0.1", 7001)
    assert scenario.steps[1].captures == ("id",)
    assert scenario.steps[2].data is None  # expanded when sent


def test_a_capture_is_known_only_after_its_expect(tmp_path):
    text = (
        'connect = "tcp://127.0.0.1:9"\n[[step]]\nsend = "{{id}}"\n'
        "[[step]]\nexpect = '(?P<id>\\d+)'\n"
    )
    assert "line 3: step[1].send: {{id}} at column 1: no variable named 'id'" in _error(
        tmp_path, text
    )


def test_repeat_blocks_and_includes_are_unrolled_with_their_own_lines(tmp_path):
    _write(tmp_path, "[[step]]\nsend = 'login\\n'\n[[step]]\nexpect = 'ok'\n", "login.toml")
    text = (
        'connect = "tcp://127.0.0.1:9"\n'
        "[[step]]\ninclude = 'login.toml'\n"
        "[[step]]\nrepeat = 3\n[[step.do]]\nsend = 'ping'\n[[step.do]]\nexpect = 'pong'\n"
    )
    scenario = load_scenario(_write(tmp_path, text))
    numbers = [step.number for step in scenario.steps]
    assert numbers == ["1.1", "1.2", "2#1.1", "2#1.2", "2#2.1", "2#2.2", "2#3.1", "2#3.2"]
    assert scenario.steps[0].file.endswith("login.toml") and scenario.steps[0].line == 2
    assert scenario.steps[-1].line == 9


def test_an_include_cycle_is_refused(tmp_path):
    _write(tmp_path, "[[step]]\ninclude = 'a.toml'\n", "b.toml")
    _write(tmp_path, "[[step]]\ninclude = 'b.toml'\n", "a.toml")
    path = _write(tmp_path, 'connect = "tcp://127.0.0.1:9"\n[[step]]\ninclude = "a.toml"\n')
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == (  # said where the cycle closes
        f"{tmp_path / 'b.toml'}: line 2: step[1].include: include cycle: "
        "s.toml -> a.toml -> b.toml -> a.toml"
    )


def test_too_many_steps_once_unrolled_are_refused(tmp_path):
    # Said before the steps are made: the block's size is known.
    text = 'connect = "tcp://127.0.0.1:9"\n[[step]]\nrepeat = 10000\n' + (
        "[[step.do]]\nsend = 'a'\n" * 11
    )
    said = f"line 3: step[1].repeat: more than {MAX_STEPS:,} steps once repeats and includes"
    assert _error(tmp_path, text).startswith(said)
    # Nested blocks: said once the count passes.
    text = (
        'connect = "tcp://127.0.0.1:9"\n[[step]]\nrepeat = 2\n'
        "[[step.do]]\nrepeat = 10000\n[[step.do.do]]\nsend = 'a'\n[[step.do.do]]\nsend = 'b'\n"
        "[[step.do.do]]\nsend = 'c'\n[[step.do.do]]\nsend = 'd'\n[[step.do.do]]\nsend = 'e'\n"
        "[[step.do.do]]\nsend = 'f'\n"
    )
    assert f"more than {MAX_STEPS:,} steps" in _error(tmp_path, text)


def test_a_bad_tls_table_and_a_missing_file(tmp_path):
    text = 'connect = "tls://127.0.0.1:9"\n[tls]\ncafile = "nope.pem"\n[[step]]\nsend = "a"\n'
    assert _error(tmp_path, text).startswith("line 3: tls.cafile: no such file: ")
    text = (
        'connect = "tls://127.0.0.1:9"\n[tls]\ninsecure = true\nsni = "a b"\n[[step]]\nsend = "a"\n'
    )
    assert _error(tmp_path, text).startswith("line 4: tls.sni: 'a b' is not a host name")


def test_the_example_in_resources_loads():
    from pathlib import Path

    example = Path(__file__).parents[2] / "resources" / "scenarios" / "echo.toml"
    scenario = load_scenario(example)
    assert scenario.name == "echo server answers"
    assert len(scenario.steps) > 5


def test_blocks_nested_too_deep_are_refused_not_a_traceback(tmp_path):
    text = 'connect = "tcp://127.0.0.1:9"\n'
    header = "step"
    for _ in range(40):
        text += f"[[{header}]]\nrepeat = 1\n"
        header += ".do"
    text += f"[[{header}]]\nsend = 'a'\n"
    assert "blocks and includes nested more than 16 deep" in _error(tmp_path, text)


def test_a_step_is_described_on_one_line_chinese_kept(tmp_path):
    text = (
        'connect = "tcp://127.0.0.1:9"\n[[step]]\nsend = "你好\\u0007\\n"\n'
        '[[step]]\nname = "回答\\n已收到"\nexpect = "已收到"\n'
    )
    send, expect = load_scenario(_write(tmp_path, text)).steps
    assert send.describe() == 'send "你好\\x07\\n"'
    assert (expect.describe(), expect.action()) == ("回答\\n已收到", "expect /已收到/")
