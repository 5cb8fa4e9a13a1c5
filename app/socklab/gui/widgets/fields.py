"""Address and port fields, and how a bad value is shown at its field.

A value is read with :func:`read_host` / :func:`read_port`; a bad one raises
:class:`FieldError`, which names the widget so the tab can mark it, and whose
message quotes a long value by its start and its length:
a pasted page must not become a message as wide as the page.
:func:`mark_invalid` marks it: a :class:`FieldMark` frame in the palette's error
tone, and the message in the field's tooltip as plain text (:func:`plain_tip`).
Not a style sheet: a widget that once had one no longer follows its
parent's palette (presentation mode, a dark theme), even after it is removed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from socklab.core import (
    AddressError,
    Interface,
    is_unix_text,
    local_interfaces,
    parse_bind_host,
    parse_host,
    parse_port,
    parse_unix,
)
from socklab.gui.tones import Tone, colour
from socklab.gui.widgets.long_text import plain_tip, shorten_quoted

#: Width in pixels of the frame around a field holding a bad value.
MARK_WIDTH = 2
#: The property of a port field whose host is a Unix address (the port is unused).
UNUSED_PORT = "unusedPort"


class FieldError(Exception):
    """A bad value in ``widget``; ``label`` names the field for the message
    (a long quoted value in ``message`` is :func:`shortened`)."""

    def __init__(self, widget: QWidget, label: str, message: str) -> None:
        message = shorten_quoted(message)
        super().__init__(f"{label}: {message}")
        self.widget = widget
        self.label = label
        self.message = message


def field_text(widget: QWidget) -> str:
    """The text of a line edit or an editable combo box."""
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(f"not a text field: {widget!r}")


def read_host(widget: QWidget, label: str, parse: Callable[[str], str] = parse_host) -> str:
    """The host in ``widget``; the combo's item data wins over its display text."""
    text = chosen_host(widget) if isinstance(widget, QComboBox) else field_text(widget).strip()
    try:
        if is_unix_text(text):  # /path or @name: a Unix domain socket
            return parse_unix(text)
        return parse(text)
    except AddressError as exc:
        raise FieldError(widget, label, str(exc)) from None


def read_bind_host(widget: QWidget, label: str) -> str:
    """The host to bind to in ``widget``: as :func:`read_host`, and empty (every
    interface, as ``bind(("", port))``) when the field is empty."""
    return read_host(widget, label, parse_bind_host)


def read_port(widget: QWidget, label: str, *, allow_zero: bool = False) -> int:
    """The port in ``widget``; 0 while it is unused (its host is a Unix address,
    see :mod:`.unix_port`)."""
    if widget.property(UNUSED_PORT):
        return 0
    try:
        return parse_port(field_text(widget).strip(), allow_zero=allow_zero)
    except AddressError as exc:
        raise FieldError(widget, label, str(exc)) from None


def mark_invalid(widget: QWidget, invalid: bool, message: str = "") -> None:
    """Paint ``widget`` as holding a bad value (or not) and explain it in its
    tooltip (as plain text: it may quote what the user typed)."""
    tip = plain_tip(message) if invalid else ""
    if bool(widget.property("invalid")) == invalid and (not invalid or widget.toolTip() == tip):
        return
    if invalid and not widget.property("invalid"):
        widget.setProperty("helpTip", widget.toolTip())  # the hover help comes back later
    widget.setProperty("invalid", invalid)
    widget.setToolTip(tip if invalid else str(widget.property("helpTip") or ""))
    mark = widget.findChild(FieldMark, options=Qt.FindChildOption.FindDirectChildrenOnly)
    if mark is None and invalid:
        mark = FieldMark(widget)
    if mark is not None:
        mark.setVisible(invalid)


class FieldMark(QWidget):
    """A frame in the error tone over its field (the field takes every click).

    Its colour is read from the palette at each paint. Signals: none.
    """

    def __init__(self, field: QWidget) -> None:
        super().__init__(field)
        self.setObjectName("fieldErrorMark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(field.rect())
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and watched is self.parent():
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(QPen(colour(Tone.ERROR, self.palette()), MARK_WIDTH))
        half = MARK_WIDTH // 2
        painter.drawRect(self.rect().adjusted(half, half, -half, -half))


def port_edit(object_name: str, text: str = "", parent: QWidget | None = None) -> QLineEdit:
    """A short line edit for a port number (0-65535; checked when used)."""
    edit = QLineEdit(text, parent)
    edit.setObjectName(object_name)
    edit.setMaxLength(8)
    edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("0") * 9 + 16)
    return edit


def ipv6_only_checkbox(parent: QWidget) -> QCheckBox:
    """The IPV6_V6ONLY option of a socket bound to an IPv6 address (``ipv6Only``)."""
    box = QCheckBox(parent)
    box.setObjectName("ipv6Only")
    retranslate_ipv6_only(box)
    return box


def retranslate_ipv6_only(box: QCheckBox) -> None:
    box.setText(QCoreApplication.translate("Fields", "IPv6 only"))
    box.setToolTip(
        QCoreApplication.translate(
            "Fields",
            "setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, 1): a socket bound to :: takes IPv6 only. "
            "Off (the default, dual stack) it takes IPv4 peers too, shown as 127.0.0.1 "
            "(the kernel names them ::ffff:127.0.0.1).",
        )
    )


class _BindAddressCombo(QComboBox):
    """Lists this machine's interfaces the first time its list is opened (reading
    them is not worth delaying the window's start for)."""

    def showPopup(self) -> None:  # noqa: N802
        if not self.property(_INTERFACES_LISTED):
            self.setProperty(_INTERFACES_LISTED, True)
            fill_bind_addresses(self)
        super().showPopup()


#: Property of a bind-address combo: its list has been opened, and names each interface.
_INTERFACES_LISTED = "interfacesListed"


def bind_address_combo(object_name: str, parent: QWidget | None = None) -> QComboBox:
    """An editable combo of addresses to bind to: loopback, all interfaces, each
    interface (listed when the list is first opened).

    The item text explains, the item data is the address itself.
    """
    combo = _BindAddressCombo(parent)
    combo.setObjectName(object_name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    fill_bind_addresses(combo)
    return combo


def fill_bind_addresses(combo: QComboBox) -> None:
    """(Re)fill ``combo`` with translated choices; keeps what the user typed."""
    typed = combo.currentText()
    # The current item's address, unless its text was edited (a typed address or path).
    current = combo.currentIndex()
    chosen = current >= 0 and combo.itemText(current) == typed
    current_data = combo.currentData() if chosen else None
    combo.blockSignals(True)
    combo.clear()
    combo.addItem("127.0.0.1", "127.0.0.1")
    loopback_tip = QCoreApplication.translate("Fields", "This machine only (loopback)")
    combo.setItemData(0, loopback_tip, 3)  # ToolTipRole
    combo.addItem(
        QCoreApplication.translate(
            "Fields", "0.0.0.0 — all interfaces (reachable from the network)"
        ),
        "0.0.0.0",
    )
    combo.addItem("::1", "::1")
    combo.addItem(QCoreApplication.translate("Fields", ":: — all IPv6 interfaces"), "::")
    listed = combo.property(_INTERFACES_LISTED) or not isinstance(combo, _BindAddressCombo)
    for interface in _interfaces() if listed else ():
        if interface.address not in ("127.0.0.1", "::1"):
            combo.addItem(f"{interface.address} ({interface.name})", interface.address)
    index = combo.findData(current_data) if current_data else -1
    if index >= 0:
        combo.setCurrentIndex(index)
    elif typed:
        combo.setEditText(typed)
    combo.blockSignals(False)


def _interfaces() -> list[Interface]:
    try:
        return [i for i in local_interfaces(include_ipv6=True) if i.is_up]
    except OSError:
        return []


def chosen_host(combo: QComboBox) -> str:
    """The address a combo of addresses shows: the item's address where the text
    is an item's ("0.0.0.0 — all interfaces"), else the text as typed."""
    index = combo.findText(combo.currentText())
    if index >= 0 and combo.itemData(index):
        return str(combo.itemData(index))
    return combo.currentText().strip()


def select_host(combo: QComboBox, host: str) -> None:
    """Show ``host`` in a bind-address combo: its item if listed, else as typed text."""
    index = combo.findData(host)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(host)
