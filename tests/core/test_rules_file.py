"""Rules files (TOML): what loads, and errors that name the line and the key."""

from __future__ import annotations

import pytest

from socklab.core import RuleKind, RulesFileError, load_rules, parse_rules

GOOD = """\
# a comment
[[rule]]
match = '^PING (\\d+)$'
reply = 'PONG \\1'

[[rule]]
match_hex = "01 03 ?? ??"
reply_hex = "01 83 02"
delay = 0.25
stop_after = 3
"""


def test_a_good_file_loads(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(GOOD)
    rules = load_rules(path)
    assert [r.kind for r in rules.rules] == [RuleKind.REGEX, RuleKind.HEX]
    assert rules.rules[1].delay == 0.25 and rules.rules[1].stop_after == 3
    assert rules.match(b"PING 5") == b"PONG 5"
    assert rules.match(b"\x01\x03\x00\x00") == b"\x01\x83\x02"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[rule]]\nmatch = \n", "Invalid value (at line 2, column 9)"),
        (
            "[[rule]]\nreply='x'\n\n[[rule]]\nmatch='a('\nreply='x'\n",
            "line 1: rule[1]: give exactly one of match",
        ),
        (
            "[[rule]]\nmatch='a'\nreply='x'\n\n[[rule]]\nmatch  =  'a(b'\nreply='x'\n",
            "line 6: rule[2].match: regular expression error at column 2: missing ), "
            "unterminated subpattern",
        ),
        (
            "[[rule]]\nmatch_hex = '01 0'\nreply='x'\n",
            "line 2: rule[1].match_hex: odd hex digit at column 4",
        ),
        ("[[rule]]\nexact='a'\nreply='x'\ndelay=-1\n", "line 4: rule[1].delay: must be a number"),
        ("[[rule]]\nexact='a'\nreply='x'\nstop_after=0\n", "line 4: rule[1].stop_after"),
        ("[[rule]]\nexact='a'\nreply='x'\ncolour=1\n", "line 4: rule[1].colour: unknown key"),
        ("[[rule]]\nmatch='(a)'\nreply='\\3'\n", "line 3: rule[1].reply: group 3"),
        ("[[rule]]\nexact='a'\nreply=1\n", "line 3: rule[1].reply: must be a string"),
        ("[[rule]]\nexact='a'\n", "rule[1]: give reply or reply_hex"),
        ("title='x'\n", "unknown key 'title'"),
        ("", "no [[rule]] table"),
    ],
)
def test_errors_name_the_line_and_the_key(text, said):
    with pytest.raises(RulesFileError) as caught:
        parse_rules(text, "r.toml")
    assert str(caught.value).startswith("r.toml: ")
    assert said in str(caught.value)


def test_a_missing_or_binary_file_is_said(tmp_path):
    with pytest.raises(RulesFileError, match="cannot read"):
        load_rules(tmp_path / "none.toml")
    path = tmp_path / "bin.toml"
    path.write_bytes(b"[[rule]]\n\xff\xfe")
    with pytest.raises(RulesFileError, match="line 2: not UTF-8"):
        load_rules(path)


def test_rules_written_as_toml_read_back_the_same(tmp_path):
    from socklab.core import Rule, RuleKind, save_rules

    rules = [
        Rule(RuleKind.REGEX, r"^PING (\d+)$", r"PONG \1"),
        Rule(RuleKind.EXACT, 'it\'s "quoted"\t', "tab\\t and 'quote'", delay=0.25),
        Rule(RuleKind.CONTAINS, "温度", "已收到\x01\x7f", stop_after=3),
        Rule(RuleKind.STARTS, "a\\b", "x"),
        Rule(RuleKind.ENDS, "\r", "y"),
        Rule(RuleKind.HEX, "01 03 ?? ??", hex_reply="01 03 02 00 2a"),
    ]
    path = tmp_path / "rules.toml"
    save_rules(path, rules)
    assert load_rules(path).rules == rules
    assert "match = '^PING (\\d+)$'" in path.read_text(encoding="utf-8")  # as typed
