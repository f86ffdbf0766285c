"""Text that fits its box: the deck's fixed text boxes and table cells are measured before they are written.

python-pptx does not measure text, and PowerPoint neither shrinks nor moves what runs past a text box: it spills
over the box's edge, over whatever is below. Every fixed box of the deck (ucj.reports.documents.pptx) is written
through `fit`: the text is measured with the real glyph widths of the font the deck names (DECK_FONT, Arial,
measured with Liberation Sans, which has Arial's metrics; DejaVu Sans, wider, when Liberation is not installed,
so a measure errs on the long side), wrapped at the box's width between words as PowerPoint does, and when the
lines do not fit the box's height the sizes shrink together, down to a floor. What still does not fit is left for
the caller to place elsewhere (`Fit.shown`): a later slide, or '… dan N lainnya'.
"""
import functools
import math
from dataclasses import dataclass
from pathlib import Path

DECK_FONT = "Arial"  # named on every run of the deck: on every Office machine, and Liberation Sans's metrics
FONT_FILES = {
    False: ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
LINE = 1.2  # a line's height per point of size (Arial's single spacing is 1.15)
SLACK = 1.03  # widths are taken 3% wider than measured: renderers' kerning and hinting differ a little
INSET_X, INSET_Y = 0.1, 0.05  # inches: the default insets of a PowerPoint text box and table cell, each side
_MEASURE_SIZE = 200  # glyphs are measured at this size and scaled: no rounding of small sizes


@dataclass(frozen=True)
class Para:
    text: str
    size: float  # points, before shrinking
    bold: bool = False


@dataclass(frozen=True)
class Fit:
    scale: float  # every paragraph's size times this
    shown: int  # the first `shown` paragraphs fit, whole
    height: float  # inches those take, insets included

    def size(self, para: Para) -> float:
        return math.floor(para.size * self.scale * 2 + 1e-9) / 2  # half points, never more than measured


@functools.cache
def _font(bold: bool):
    from PIL import ImageFont

    from ucj.reports.documents import FONT_DIR  # matplotlib's DejaVu, always there

    system, fallback = FONT_FILES[bold]
    path = system if Path(system).exists() else str(FONT_DIR / fallback)
    return ImageFont.truetype(path, _MEASURE_SIZE)


def width(text: str, size: float, bold: bool = False) -> float:
    """The text's width in points at `size`, as measured (no slack)."""
    return _font(bold).getlength(text) * size / _MEASURE_SIZE


def wrap(text: str, size: float, bold: bool, room: float) -> list[str]:
    """The lines of one paragraph `room` points wide: between words; a word wider than the room is broken."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if width(candidate, size, bold) * SLACK <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while width(line, size, bold) * SLACK > room and len(line) > 1:  # a word too wide: broken in it
            cut = len(line) - 1
            while cut > 1 and width(line[:cut], size, bold) * SLACK > room:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def _too_wide(para: Para, size: float, room: float) -> bool:
    return any(width(word, size, para.bold) * SLACK > room for word in para.text.split(" "))


def _height(paras: list[Para], scale: float, room: float) -> float:
    """Points the paragraphs take, insets left out."""
    return sum(len(wrap(p.text, p.size * scale, p.bold, room)) * p.size * scale * LINE for p in paras)


def fit(paras: list[Para], box_width: float, box_height: float, floor: float) -> Fit:
    """How the paragraphs fit a box of box_width x box_height inches (its insets inside): the largest scale, in
    half-point steps of the smallest paragraph and not below `floor` points for it, at which every word fits the
    width and all the lines the height; at the floor, as many whole paragraphs as fit."""
    room, tall = (box_width - 2 * INSET_X) * 72, (box_height - 2 * INSET_Y) * 72
    smallest = min(p.size for p in paras)
    steps = max(0, int((smallest - min(floor, smallest)) * 2))
    for step in range(steps + 1):
        scale = (smallest - step / 2) / smallest
        wide = any(_too_wide(p, p.size * scale, room) for p in paras)
        if not wide and _height(paras, scale, room) <= tall:
            return Fit(scale, len(paras), _height(paras, scale, room) / 72 + 2 * INSET_Y)
    scale = (smallest - steps / 2) / smallest
    shown = 0
    while shown < len(paras) and _height(paras[:shown + 1], scale, room) <= tall:
        shown += 1
    return Fit(scale, shown, _height(paras[:shown], scale, room) / 72 + 2 * INSET_Y)


def lines_that_fit(para: Para, scale: float, box_width: float, box_height: float) -> str:
    """One paragraph too long for its box even at the floor: its first lines that fit, ending in '…'."""
    room, tall = (box_width - 2 * INSET_X) * 72, (box_height - 2 * INSET_Y) * 72
    size = para.size * scale
    lines = wrap(para.text, size, para.bold, room)
    keep = max(1, int(tall // (size * LINE)))
    kept = lines[:keep]
    while kept and width(kept[-1] + " …", size, para.bold) * SLACK > room:
        kept[-1] = kept[-1][:-1]
    return " ".join(kept).rstrip() + " …"
