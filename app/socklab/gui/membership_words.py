"""A multicast join or leave in the user's words, for the log, the state line
and the joined-groups list (context ``"Describe"``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from socklab.core import Membership, MembershipChanged
from socklab.gui.describe import arg


def group_label(m: Membership | MembershipChanged) -> str:
    """``239.1.2.3 from 10.0.0.7 on eth0`` in the UI language."""
    text = m.group
    if m.source:
        text = arg(QCoreApplication.translate("Describe", "%1 from %2"), text, m.source)
    if m.interface:
        text = arg(QCoreApplication.translate("Describe", "%1 on %2"), text, m.interface)
    return text


def membership_text(event: MembershipChanged) -> str:
    """``joined 239.1.2.3 on eth0`` / ``left 239.1.2.3 on eth0``."""
    template = (
        QCoreApplication.translate("Describe", "joined %1")
        if event.joined
        else QCoreApplication.translate("Describe", "left %1")
    )
    return arg(template, group_label(event))


def members_note(groups: list[str]) -> str:
    """The state line's note while groups are joined: ``member of 239.1.2.3, ff15::1``."""
    return arg(QCoreApplication.translate("Describe", "member of %1"), ", ".join(groups))
