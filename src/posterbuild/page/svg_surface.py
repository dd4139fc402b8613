"""The SVG drawing surface: ReportLab's canvas as the page code uses it, drawing SVG elements.

The page code draws every panel through ReportLab's canvas API. :class:`SvgSurface` is that
canvas (ReportLab keeps the graphics state: colours, line width, font, transform, save and
restore) with the drawing operations turned into SVG elements, so the sheet and each diagram
come out in SVG from the same drawing code as the PDF, never a second copy of it. The groups the
page code marks (:func:`posterbuild.page.paint.group`) become ``<g>`` elements with an id, CSS
classes and a ``<title>``; a property a group's class declares is inherited, not repeated.
Coordinates stay PDF points, y up: the content sits in one group that flips the page.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, toColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

__all__ = ["SvgSurface", "SVG_NS", "number"]

SVG_NS = "http://www.w3.org/2000/svg"
_CAPS = ("butt", "round", "square")
_JOINS = ("miter", "round", "bevel")
# what an element inherits at the root (SVG's initial values, PDF's miter limit)
_ROOT = {"fill": "#000000", "stroke": "none", "stroke-width": "1", "stroke-dasharray": "none",
         "stroke-linecap": "butt", "stroke-linejoin": "miter", "fill-opacity": "1", "stroke-opacity": "1"}


def number(v: float) -> str:
    """A coordinate as short text: at most 3 decimals, no trailing zeros.

    >>> number(1.0), number(-0.0004), number(2.34567)
    ('1', '0', '2.346')
    """
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _hex(c: object) -> tuple[str, float]:
    col = toColor(c)
    if isinstance(col, CMYKColor):
        r, g, b = col.rgb()
        col = Color(r, g, b, alpha=col.alpha)
    if not isinstance(col, Color):
        raise ValueError(f"not a colour: {c!r}")
    r, g, b = (max(0, min(255, round(v * 255))) for v in (col.red, col.green, col.blue))
    return f"#{r:02x}{g:02x}{b:02x}", float(col.alpha if col.alpha is not None else 1)


@dataclass
class _Group:
    element: ET.Element
    inherited: dict[str, str]


class _SvgText(PDFTextObject):
    """A text object that records each run where PDF would show it (ReportLab keeps the font and
    colour; the line start and current point are tracked here, in the object's own space)."""

    def __init__(self, canvas: "SvgSurface", x: float = 0, y: float = 0, direction=None):
        self._runs: list[tuple[float, float, str, float, object, float, str]] = []
        self._sx = self._sy = self._cx = 0.0
        super().__init__(canvas, x, y, direction=direction)
        self._fillColorObj = canvas._fillColorObj

    def setTextOrigin(self, x, y):
        super().setTextOrigin(x, y)
        self._sx, self._sy, self._cx = x, y, x

    def moveCursor(self, dx, dy):
        self._sx += dx
        self._sy -= dy
        self._cx = self._sx
        self._code.append("")  # keeps ReportLab from merging moves (it tracks them differently)
        super().moveCursor(dx, dy)

    def _run(self, text: str) -> None:
        if text:
            self._runs.append((self._cx, self._sy + 0.0 - self._rise, self._fontname, self._fontsize,
                               self._fillColorObj, self._wordSpace if hasattr(self, "_wordSpace") else 0.0,
                               text))
        self._cx += self._canvas.stringWidth(text, self._fontname, self._fontsize)

    def _next_line(self) -> None:
        self._sy -= self._leading
        self._cx = self._sx

    def _textOut(self, text, TStar=0):
        self._run(text)
        if TStar:
            self._next_line()

    def textOut(self, text):
        self._run(text)

    def textLine(self, text=""):
        self._run(text)
        self._next_line()

    def setWordSpace(self, wordSpace):
        self._wordSpace = wordSpace


class SvgSurface(Canvas):
    """A canvas of ``width`` x ``height`` points whose drawing becomes SVG elements."""

    def __init__(self, width: float, height: float, *, classes: dict[str, dict[str, str]] | None = None,
                 initial_font: str = "Helvetica"):
        super().__init__(io.BytesIO(), pagesize=(width, height), invariant=1, initialFontName=initial_font,
                         initialFontSize=12)
        self.width, self.height = width, height
        self.classes = classes or {}
        self._dash: tuple[tuple[float, ...], float] = ((), 0.0)
        self._dash_stack: list[tuple[tuple[float, ...], float]] = []
        self.content = ET.Element("g", {"transform": f"matrix(1 0 0 -1 0 {number(height)})",
                                                     "stroke-miterlimit": "10"})
        self._groups = [_Group(self.content, dict(_ROOT))]
        self.links: list[tuple[str, tuple[float, float, float, float]]] = []

    # -- groups the page code marks ---------------------------------------------------------
    def begin_group(self, ident: str | None, classes: tuple[str, ...] = (), title: str | None = None) -> None:
        attrs = {}
        if ident:
            attrs["id"] = ident
        if classes:
            attrs["class"] = " ".join(classes)
        inherited = dict(self._groups[-1].inherited)
        for name in classes:
            inherited.update(self.classes.get(name, {}))
        if title:  # a named thing: screen readers announce the group by its title
            attrs["role"] = "group"
        g = ET.SubElement(self._groups[-1].element, "g", attrs)
        if title:
            ET.SubElement(g, "title").text = title
        self._groups.append(_Group(g, inherited))

    def end_group(self) -> None:
        if len(self._groups) == 1:
            raise RuntimeError("end_group without begin_group")
        self._groups.pop()

    # -- state ReportLab does not keep ------------------------------------------------------
    def setDash(self, array=[], phase=0):  # noqa: B006 (ReportLab's signature)
        super().setDash(array, phase)
        if isinstance(array, (int, float)):
            array, phase = (array, phase), 0
        self._dash = (tuple(float(v) for v in array), float(phase))

    def saveState(self):
        super().saveState()
        self._dash_stack.append(self._dash)

    def restoreState(self):
        super().restoreState()
        self._dash = self._dash_stack.pop()

    # -- elements ---------------------------------------------------------------------------
    def _paint(self, *, stroke: bool, fill: bool) -> dict[str, str]:
        props: dict[str, str] = {}
        if fill:
            props["fill"], alpha = _hex(self._fillColorObj)
            props["fill-opacity"] = number(alpha)
        else:
            props["fill"] = "none"
        if stroke:
            props["stroke"], alpha = _hex(self._strokeColorObj)
            props["stroke-opacity"] = number(alpha)
            props["stroke-width"] = number(self._lineWidth)
            dashes, phase = self._dash
            props["stroke-dasharray"] = " ".join(number(v) for v in dashes) if dashes else "none"
            if dashes and phase:
                props["stroke-dashoffset"] = number(phase)
            props["stroke-linecap"] = _CAPS[self._lineCap]
            props["stroke-linejoin"] = _JOINS[self._lineJoin]
        else:
            props["stroke"] = "none"
        return props

    def _emit(self, tag: str, attrs: dict[str, str], props: dict[str, str],
              matrix: tuple[float, ...] | None = None) -> ET.Element:
        group = self._groups[-1]
        for k, v in props.items():
            if group.inherited.get(k) != v:
                attrs[k] = v
        m = matrix if matrix is not None else self._currentMatrix
        if m != (1, 0, 0, 1, 0, 0):
            attrs["transform"] = "matrix(" + " ".join(number(v) for v in m) + ")"
        return ET.SubElement(group.element, tag, attrs)

    def rect(self, x, y, width, height, stroke=1, fill=0):
        x, width = (x + width, -width) if width < 0 else (x, width)
        y, height = (y + height, -height) if height < 0 else (y, height)
        self._emit("rect", {"x": number(x), "y": number(y), "width": number(width), "height": number(height)},
                   self._paint(stroke=bool(stroke), fill=bool(fill)))

    def roundRect(self, x, y, width, height, radius, stroke=1, fill=0):
        x, width = (x + width, -width) if width < 0 else (x, width)
        y, height = (y + height, -height) if height < 0 else (y, height)
        r = number(min(radius, width / 2, height / 2))
        self._emit("rect", {"x": number(x), "y": number(y), "width": number(width), "height": number(height),
                            "rx": r, "ry": r}, self._paint(stroke=bool(stroke), fill=bool(fill)))

    def circle(self, x_cen, y_cen, r, stroke=1, fill=0):
        self._emit("circle", {"cx": number(x_cen), "cy": number(y_cen), "r": number(r)},
                   self._paint(stroke=bool(stroke), fill=bool(fill)))

    def ellipse(self, x1, y1, x2, y2, stroke=1, fill=0):
        self._emit("ellipse", {"cx": number((x1 + x2) / 2), "cy": number((y1 + y2) / 2),
                               "rx": number(abs(x2 - x1) / 2), "ry": number(abs(y2 - y1) / 2)},
                   self._paint(stroke=bool(stroke), fill=bool(fill)))

    def line(self, x1, y1, x2, y2):
        self._emit("line", {"x1": number(x1), "y1": number(y1), "x2": number(x2), "y2": number(y2)},
                   self._paint(stroke=True, fill=False))

    def lines(self, linelist):
        d = " ".join(f"M{number(a)} {number(b)}L{number(c)} {number(e)}" for a, b, c, e in linelist)
        if d:
            self._emit("path", {"d": d}, self._paint(stroke=True, fill=False))

    def drawPath(self, aPath, stroke=1, fill=0, fillMode=None):
        d = _path_data(aPath.getCode())
        if d:
            props = self._paint(stroke=bool(stroke), fill=bool(fill))
            if fill and (fillMode if fillMode is not None else self._fillMode) == 0:
                props["fill-rule"] = "evenodd"
            self._emit("path", {"d": d}, props)

    def clipPath(self, aPath, stroke=1, fill=0, fillMode=None):
        """A clip is only an optimisation where the page code uses it (tables' cells stay inside
        their column): drawn as the outline it asks for, if any."""
        if stroke or fill:
            self.drawPath(aPath, stroke, fill, fillMode)

    def beginText(self, x=0, y=0, direction=None):
        return _SvgText(self, x, y, direction=direction)

    def drawText(self, aTextObject):
        if not isinstance(aTextObject, _SvgText):
            raise TypeError("an SvgSurface draws only the text objects it made")
        for x, y, font, size, fill, word_space, text in aTextObject._runs:
            props = {"fill": _hex(fill)[0], "stroke": "none"}
            a, b, c, d, e, f = self._currentMatrix
            # the text's own y axis runs up, as the page's: undo the page flip for its glyphs
            m = (a, b, -c, -d, a * x + c * y + e, b * x + d * y + f)
            attrs = {"font-family": font, "font-size": number(size)}
            if word_space:
                attrs["word-spacing"] = number(word_space)
            self._emit("text", attrs, props, matrix=m).text = text

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        x1, y1, x2, y2 = rect
        if relative:
            x1, y1 = self._currentMatrix[4] + x1, self._currentMatrix[5] + y1
            x2, y2 = self._currentMatrix[4] + x2, self._currentMatrix[5] + y2
        self.links.append((url, (x1, y1, x2, y2)))
        a = ET.SubElement(self._groups[-1].element, "a", {"href": url})
        ET.SubElement(a, "rect", {
            "x": number(min(x1, x2)), "y": number(min(y1, y2)), "width": number(abs(x2 - x1)),
            "height": number(abs(y2 - y1)), "fill": "none", "stroke": "none", "pointer-events": "all"})

    def showPage(self):
        pass

    def save(self):
        pass


def _path_data(code: str) -> str:
    """PDF path operators (as ReportLab's path object writes them) as SVG path data.

    >>> _path_data("0 0 m 10 0 l 10 10 5 15 0 10 c h 1 2 3 4 re n")
    'M0 0L10 0C10 10 5 15 0 10ZM1 2h3v4h-3Z'
    """
    out: list[str] = []
    args: list[str] = []
    for token in code.split():
        if token in ("m", "l", "c", "h", "re", "v", "y", "n"):
            v = [number(float(a)) for a in args]
            if token == "m":
                out.append(f"M{v[0]} {v[1]}")
            elif token == "l":
                out.append(f"L{v[0]} {v[1]}")
            elif token == "c":
                out.append("C" + " ".join(v))
            elif token == "h":
                out.append("Z")
            elif token == "re":
                x, y, w, h = (float(a) for a in args)
                out.append(f"M{number(x)} {number(y)}h{number(w)}v{number(h)}h{number(-w)}Z")
            elif token in ("v", "y"):
                raise ValueError(f"path operator {token!r} is not used by posterbuild's drawing")
            args = []
        else:
            args.append(token)
    return "".join(out)


