"""Fields that say so when what is typed does not fit, instead of cutting it.

Qt's spin boxes refuse a keystroke or a paste that would leave their range:
``65536`` pasted into a field of 1-65535 leaves ``6553`` (or nothing changes),
without a word, and the program then uses that number. A :class:`SpinGuard`
lets such a number in, sets the field to the nearest value it takes (the
largest or the smallest) and says so. A line edit keeps the first 32,767
characters of a paste (its ``maxLength``), also without a word:
:class:`LengthGuard` says so.

Strings are translated in the context ``"Fields"``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox, QWidget

from socklab.gui.describe import arg
from socklab.gui.widgets.long_text import SHOWN_CHARS, bounded, shortened

#: A number as typed (ASCII digits: a fullwidth ``１２３`` is not one).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)", re.ASCII)

NumberBox = QSpinBox | QDoubleSpinBox


def out_of_range_message(typed: str, bound: str, above: bool) -> str:
    """What the field says after it set ``typed`` to ``bound``."""
    if above:
        template = QCoreApplication.translate(
            "Fields", "%1 is more than %2, the most this field takes: it is set to %2"
        )
    else:
        template = QCoreApplication.translate(
            "Fields", "%1 is less than %2, the least this field takes: it is set to %2"
        )
    return template.replace("%1", bounded(typed, SHOWN_CHARS)).replace("%2", bound)


def not_a_number_message(typed: str, spin: NumberBox) -> str:
    """What the field says when ``typed`` is no number it takes (it keeps its value)."""
    template = QCoreApplication.translate(
        "Fields", "%1 is not a number from %2 to %3: the field keeps %4"
    )
    kept = spin.value()
    special = spin.specialValueText() if kept == spin.minimum() else ""
    low, high = spin.textFromValue(spin.minimum()), spin.textFromValue(spin.maximum())
    return arg(template, shortened(typed), low, high, special or spin.textFromValue(kept))


def rounded_message(typed: str, spin: NumberBox) -> str:
    """What the field says after it rounded ``typed`` to the decimals it shows."""
    template = QCoreApplication.translate(
        "Fields", "%1 has more decimals than this field keeps: it is set to %2"
    )
    return arg(template, bounded(typed, SHOWN_CHARS), spin.textFromValue(spin.value()))


class _ClampingValidator(QValidator):
    """The spin box's own validation, except that it refuses no edit: a number
    out of its range becomes its nearest bound (the guard is told, to say so),
    anything else it cannot take stays as typed until the edit is done (the
    guard then says why the field keeps its value)."""

    def __init__(self, guard: SpinGuard) -> None:
        super().__init__(guard)
        self._guard = guard

    def validate(self, text: str, pos: int) -> object:
        spin = self._guard.spin
        if text and text == spin.specialValueText():  # "no limit": as Qt's own validator
            return QValidator.State.Acceptable, text, pos
        result = spin.validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state != QValidator.State.Invalid:
            return result
        number = _number(spin, text)
        if number is None or spin.minimum() <= number <= spin.maximum():
            return QValidator.State.Intermediate, text, pos  # judged when the edit is done
        fixed = self._guard.clamp(text, number)
        return QValidator.State.Acceptable, fixed, len(fixed) - len(spin.suffix())

    def fixup(self, text: str) -> str:
        return self._guard.spin.fixup(text)


def _strip_affixes(spin: NumberBox, text: str) -> str:
    prefix, suffix = spin.prefix(), spin.suffix()
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text


def _number(spin: NumberBox, text: str) -> float | None:
    """The number ``text`` holds, or None if it is not one."""
    locale = spin.locale()
    plain = _strip_affixes(spin, text).strip().replace(locale.groupSeparator(), "")
    if isinstance(spin, QDoubleSpinBox):
        plain = plain.replace(locale.decimalPoint(), ".")
    elif "." in plain:
        return None
    if not _NUMBER.fullmatch(plain):
        return None
    return float(plain)  # a page of digits is inf: above any maximum


class SpinGuard(QObject):
    """Watches one spin box: a number out of its range typed or pasted is set
    to the nearest bound, and reported once the edit is done. One that more
    digits could still bring into range (``5`` where the least is 10) is set
    when the user is done with it (Return, or leaving the field); text that is
    no number (``nan``, ``1_000``, ``１２３``) stays as typed until then, and
    the field says why it keeps its value. Qt would drop the keystroke, or put
    the previous value back, in silence.

    Signals:
        outOfRange(str): what was typed did not fit; the message says what the field holds now.
        retyped(): the user edited the field again (what was said about it is past).
    """

    outOfRange = Signal(str)  # noqa: N815
    retyped = Signal()

    def __init__(self, spin: NumberBox) -> None:
        super().__init__(spin)
        self.spin = spin
        self._pending = ""
        # The value changes when the edit is done, not at each keystroke: "1.5"
        # typed into a whole-number field must not leave it at 1 on the way.
        spin.setKeyboardTracking(False)
        spin.lineEdit().setValidator(_ClampingValidator(self))
        spin.lineEdit().textEdited.connect(self._edited)
        spin.installEventFilter(self)
        spin.lineEdit().installEventFilter(self)

    def clamp(self, text: str, number: float) -> str:
        """The field's text for the bound nearest ``number`` (out of range, as
        ``text`` holds it); the message waits for the end of the edit."""
        spin = self.spin
        above = number > spin.maximum()
        shown = spin.textFromValue(spin.maximum() if above else spin.minimum())
        typed = _strip_affixes(spin, text).strip()
        self._pending = out_of_range_message(typed, shown, above)
        return f"{spin.prefix()}{shown}{spin.suffix()}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        done = event.type() == QEvent.Type.FocusOut or (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if done:
            self._settle()
        return False

    def _settle(self) -> None:
        """The user is done: a number out of range becomes the nearest bound;
        text the field cannot take is said (Qt then puts the value back)."""
        spin = self.spin
        text = spin.lineEdit().text()
        if self.spin.lineEdit().hasAcceptableInput():
            return
        number = _number(spin, text)
        if number is None:
            self._pending = not_a_number_message(_strip_affixes(spin, text).strip(), spin)
        elif spin.minimum() <= number <= spin.maximum():
            spin.setValue(number if isinstance(spin, QDoubleSpinBox) else int(number))
            self._pending = rounded_message(_strip_affixes(spin, text).strip(), spin)
        else:
            self.clamp(text, number)
            spin.setValue(spin.maximum() if number > spin.maximum() else spin.minimum())
        self._edited(spin.text())

    def _edited(self, _text: str) -> None:
        message, self._pending = self._pending, ""
        if message:
            self.spin.interpretText()  # the bound it was set to is its value now
            self.outOfRange.emit(message)
        else:
            self.retyped.emit()


def guard_spin_boxes(root: QWidget) -> list[SpinGuard]:
    """A :class:`SpinGuard` on each spin box under ``root`` that has none yet."""
    guards = []
    for spin in root.findChildren(QSpinBox) + root.findChildren(QDoubleSpinBox):
        if spin.findChild(SpinGuard) is None:
            guards.append(SpinGuard(spin))
    return guards


def full_message(limit: int) -> str:
    """What a line edit says when it is full."""
    return QCoreApplication.translate(
        "Fields", "This field holds at most %1 characters: what did not fit was left out"
    ).replace("%1", f"{limit:,}")


class LengthGuard(QObject):
    """Watches one line edit (a text field, or an editable combo box's): an edit
    that fills it to its ``maxLength`` is reported (Qt dropped the rest).

    ``field`` is the widget to mark: the line edit, or its combo box.

    Signals:
        full(str): the field is full; the message says how much it holds.
    """

    full = Signal(str)

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        owner = edit.parentWidget()
        self.field: QWidget = owner if isinstance(owner, QComboBox) else edit
        edit.textEdited.connect(self._edited)

    def _edited(self, text: str) -> None:
        edit = self.parent()
        assert isinstance(edit, QLineEdit)
        if len(text) >= edit.maxLength():
            self.full.emit(full_message(edit.maxLength()))


def guard_line_edits(root: QWidget) -> list[LengthGuard]:
    """A :class:`LengthGuard` on each text field under ``root`` that has none yet
    (a spin box's own line edit is its :class:`SpinGuard`'s)."""
    guards = []
    for edit in root.findChildren(QLineEdit):
        if isinstance(edit.parentWidget(), QSpinBox | QDoubleSpinBox):
            continue
        if edit.findChild(LengthGuard) is None:
            guards.append(LengthGuard(edit))
    return guards
