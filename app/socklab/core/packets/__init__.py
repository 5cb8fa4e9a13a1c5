"""Saved packets: the packet library (a JSON file in the user's data folder),
import from Packet Sender and export.

* :mod:`.packet`: :class:`SavedPacket` and its :class:`Kind`;
* :mod:`.store`: :class:`PacketStore`, the library file (atomic, a corrupt
  file kept aside);
* :mod:`.files`: read a file to import (SockLab JSON, Packet Sender's JSON
  export or packets.ini);
* :mod:`.packet_sender`, :mod:`.qsettings_ini`: Packet Sender's formats.
"""

from __future__ import annotations

from .files import read_packet_file
from .packet import MAX_NAME, Kind, PacketError, SavedPacket, check_destination, check_name
from .store import (
    STORE_ENV,
    ImportReport,
    PacketStore,
    StoreError,
    default_store_path,
    free_name,
    packets_to_json,
)

__all__ = [
    "MAX_NAME",
    "STORE_ENV",
    "ImportReport",
    "Kind",
    "PacketError",
    "PacketStore",
    "SavedPacket",
    "StoreError",
    "check_destination",
    "check_name",
    "default_store_path",
    "free_name",
    "packets_to_json",
    "read_packet_file",
]
