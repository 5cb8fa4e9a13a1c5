"""The checksums appended to payloads: each against its standard check value."""

from __future__ import annotations

import sys
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socklab.core import checksums

# The catalogue's check value: the checksum of b"123456789", as the value (not the wire bytes).
CHECK_VALUES = {
    "crc16-modbus": 0x4B37,
    "crc16-ccitt": 0x29B1,
    "crc32": 0xCBF43926,
    "sum8": 0xDD,
    "xor8": 0x31,
    "lrc": 0x23,
}


@pytest.mark.parametrize("name", list(checksums.CHECKSUMS))
def test_check_value_of_123456789(name):
    algorithm = checksums.CHECKSUMS[name]
    order = "little" if name == "crc16-modbus" else "big"
    wire = checksums.checksum(b"123456789", name)
    assert len(wire) == algorithm.width
    assert int.from_bytes(wire, order) == CHECK_VALUES[name]


def test_every_algorithm_has_a_check_value():
    assert set(checksums.CHECKSUMS) == set(CHECK_VALUES)


@pytest.mark.parametrize(
    ("frame", "crc"),
    [
        ("01 03 00 00 00 0A", "C5 CD"),  # read 10 holding registers
        ("11 03 00 6B 00 03", "76 87"),  # the Modbus spec's example
        ("01 06 00 01 00 03", "98 0B"),  # write single register
    ],
)
def test_modbus_rtu_frames_get_their_crc_low_byte_first(frame, crc):
    payload = bytes.fromhex(frame)
    framed = checksums.append(payload, "crc16-modbus")
    assert framed == payload + bytes.fromhex(crc)
    assert checksums.verify(framed, "crc16-modbus") is True


def test_modbus_ascii_lrc():
    # ":010300000001FB": LRC of 01 03 00 00 00 01 is FB.
    assert checksums.append(bytes.fromhex("010300000001"), "lrc")[-1] == 0xFB


@pytest.mark.parametrize("name", list(checksums.CHECKSUMS))
def test_verify_good_bad_and_nothing_to_check(name):
    framed = checksums.append(b"hello", name)
    assert checksums.verify(framed, name) is True
    assert checksums.verify(b"j" + framed[1:], name) is False
    width = checksums.CHECKSUMS[name].width
    assert checksums.verify(framed[:width], name) is None  # no body
    assert checksums.verify(framed, None) is None


def test_no_checksum_leaves_the_payload_alone_and_unknown_names_are_refused():
    assert checksums.append(b"abc", None) == b"abc"
    assert checksums.append(b"abc", "") == b"abc"
    with pytest.raises(ValueError, match="unknown checksum 'crc8'"):
        checksums.append(b"abc", "crc8")


@given(st.binary(max_size=2048))
def test_ccitt_false_from_the_standard_library_agrees_with_the_crc_library(data):
    """CRC-16/CCITT-FALSE comes from binascii.crc_hqx (C); the crc library's
    IBM_3740 is the same algorithm, for any bytes."""
    import crc

    expected = crc.Calculator(crc.Crc16.IBM_3740).checksum(data)
    assert checksums.checksum(data, "crc16-ccitt") == expected.to_bytes(2, "big")


def test_threads_computing_crc16_modbus_at_once_each_get_their_own_sums():
    """The generator's worker and the window's preview compute CRCs at the same
    time: a calculator shared between them mixed their registers."""
    payloads = [f"seq {n} len {n % 97}".encode() for n in range(400)]
    expected = [checksums.checksum(p, "crc16-modbus") for p in payloads]
    start = threading.Barrier(2)
    results: dict[int, list[bytes]] = {}

    def compute(index: int) -> None:
        start.wait()
        results[index] = [checksums.checksum(p, "crc16-modbus") for p in payloads * 5]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # hand the GIL over as often as Python allows
    try:
        threads = [threading.Thread(target=compute, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        sys.setswitchinterval(interval)
    assert results[0] == results[1] == expected * 5
