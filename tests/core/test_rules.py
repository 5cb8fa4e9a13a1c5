"""Reply rules, pure: each match kind, captures, hex wildcards, stop after N,
lines of a chunk, and errors that say where they are."""

from __future__ import annotations

import pytest

from socklab.core.rules import Rule, RuleError, RuleKind, RuleSet, hex_pattern


def _one(kind: RuleKind, pattern: str, reply: str = "ok", **extra) -> RuleSet:
    return RuleSet([Rule(kind, pattern, reply, **extra)])


@pytest.mark.parametrize(
    ("kind", "pattern", "yes", "no"),
    [
        (RuleKind.REGEX, r"^GET \w+$", b"GET abc\r\n", b"GET a b"),
        (RuleKind.EXACT, "hello", b"hello\n", b"hello there"),
        (RuleKind.CONTAINS, "l.o", b"a l.o b", b"hello"),  # literal: the dot is a dot
        (RuleKind.STARTS, "AT+", b"AT+CSQ", b"xAT+"),
        (RuleKind.ENDS, "?", b"why?\r\n", b"?no"),
        (RuleKind.HEX, "01 03 ?? ??", b"\x01\x03\x00\xff", b"\x01\x03\x00"),
    ],
)
def test_each_kind_matches_and_refuses(kind, pattern, yes, no):
    rules = _one(kind, pattern)
    assert rules.match(yes) == b"ok"
    assert rules.match(no) is None
    assert rules.hits == [1]


def test_captures_by_number_and_name_and_the_matched_text():
    rules = RuleSet(
        [
            Rule(RuleKind.REGEX, r"^PING (\d+)$", r"PONG \1"),
            Rule(RuleKind.REGEX, r"(?P<key>\w+)=(?P<value>\w*)", r"\g<value>:\g<key> [\g<0>]\r\n"),
        ]
    )
    assert rules.match(b"PING 42\n") == b"PONG 42"
    assert rules.match(b"set a=b!") == b"b:a [a=b]\r\n"
    assert rules.hits == [1, 1]


def test_rules_are_tried_in_order_and_the_first_answers():
    rules = RuleSet(
        [Rule(RuleKind.STARTS, "PING", "first"), Rule(RuleKind.REGEX, "PING", "second")]
    )
    assert rules.match(b"PING") == b"first"
    assert rules.hits == [1, 0]


def test_hex_reply_and_captures_in_a_hex_rule():
    rules = RuleSet(
        [
            Rule(RuleKind.HEX, "01 03 ?? ??", hex_reply="01 83 02"),
            Rule(RuleKind.HEX, "AA??BB", r"got \g<0>"),
        ]
    )
    assert rules.match(b"\x01\x03\x0a\x0b") == b"\x01\x83\x02"
    assert rules.match(b"\xaa\n\xbb") == b"got \xaa\n\xbb"  # ?? is any byte, newline too


def test_stop_after_n_replies_lets_the_next_rule_answer():
    rules = RuleSet(
        [Rule(RuleKind.EXACT, "hi", "one", stop_after=2), Rule(RuleKind.CONTAINS, "h", "two")]
    )
    assert [rules.match(b"hi") for _ in range(4)] == [b"one", b"one", b"two", b"two"]
    assert rules.hits == [2, 2]


def test_find_does_not_count_and_a_chunk_of_lines_gets_a_reply_per_line():
    rules = RuleSet([Rule(RuleKind.REGEX, r"^PING (\d+)$", r"PONG \1", stop_after=2)])
    replies = rules.find_all(b"PING 1\r\nPING 2\nPING 3\n", lines=True)
    assert [r.data for r in replies] == [b"PONG 1", b"PONG 2"]  # stop after holds within one
    assert rules.hits == [0]
    assert [r.data for r in rules.find_all(b"PING 1\nPING 2")] == []  # one message: no match


def test_hostile_bytes_are_matched_not_trusted():
    rules = RuleSet([Rule(RuleKind.REGEX, r"(.*)", r"<\1>")])
    assert rules.match(b"\xff\x00{{counter}}\\1") == "<\ufffd\x00{{counter}}\\1>".encode()


@pytest.mark.parametrize(
    ("rule", "field", "position", "words"),
    [
        (Rule(RuleKind.REGEX, "ab(c", "x"), "match", 2, "column 3"),
        (Rule(RuleKind.REGEX, "a[", "x"), "match", 1, "column 2"),
        (Rule(RuleKind.HEX, "01 0", "x"), "match", 3, "odd hex digit at column 4"),
        (Rule(RuleKind.HEX, "01 ?x", "x"), "match", 3, "'??' must stand alone at column 4"),
        (Rule(RuleKind.HEX, "01 zz", "x"), "match", 3, "not a hex digit at column 4"),
        (Rule(RuleKind.REGEX, "(a)", r"x \2"), "reply", 2, "group 2"),
        (Rule(RuleKind.REGEX, "(a)", r"\g<nope>"), "reply", 0, "no group named 'nope'"),
        (Rule(RuleKind.REGEX, "a", r"\q"), "reply", 0, "unknown escape"),
        (Rule(RuleKind.EXACT, "", "x"), "match", 0, "empty"),
        (Rule(RuleKind.EXACT, "a", "x", stop_after=0), "stop_after", None, "at least 1"),
    ],
)
def test_errors_name_the_field_and_the_position(rule, field, position, words):
    with pytest.raises(RuleError) as caught:
        RuleSet([Rule(RuleKind.EXACT, "fine", "x"), rule])
    assert caught.value.field == field
    assert caught.value.position == position
    assert words in caught.value.message
    assert caught.value.index == 1


def test_template_fields_in_a_reply_expand_at_each_reply_but_never_from_the_peer():
    rules = RuleSet([Rule(RuleKind.REGEX, r"^(.*)$", r"#{{counter}} \1 {{len}}")], templates=True)
    assert rules.match(b"{{counter}}") == b"#1 {{counter}} 17"  # {{len}}: 17 bytes in all
    assert rules.match(b"x") == b"#2 x 6"
    plain = RuleSet([Rule(RuleKind.REGEX, r"(.*)", r"{{counter}} \1")])
    assert plain.match(b"y") == b"{{counter}} y"  # templates off: a literal {{


def test_template_fields_in_a_hex_rule_reply_and_a_bad_field_said_at_its_column():
    rules = RuleSet([Rule(RuleKind.HEX, "01 ??", r"n={{counter}} ")], templates=True)
    assert rules.match(b"\x01\x02") == b"n=1 "
    with pytest.raises(RuleError) as caught:
        RuleSet([Rule(RuleKind.REGEX, "x", r"ok {{random:x}}")], templates=True)
    assert caught.value.field == "reply" and caught.value.position == 3
    assert "N must be a number" in caught.value.message


def test_hex_pattern_compiles_once_to_a_bytes_regex():
    assert hex_pattern("0103????").fullmatch(b"\x01\x03ab")


def test_a_hex_frame_with_newline_bytes_is_one_message_on_a_stream():
    rules = RuleSet([Rule(RuleKind.HEX, "01 0a ?? 0a", hex_reply="06")])
    assert [r.data for r in rules.find_all(b"\x01\n\x00\n", lines=True)] == [b"\x06"]
