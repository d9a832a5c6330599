"""The font a DOCX run is shown in, and whether it is bold.

Schools still type in TCVN3 and VNI fonts (".VnTime", "VNI-Times"), so a
run's bytes mean Vietnamese only once its effective font is known: the run's
own ``w:rFonts``, else its character style, else its paragraph style (along
``basedOn`` chains), else the document defaults.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W = W  # as the rest of the WordprocessingML code spells it


class StyleFonts:
    """Resolve a run's effective font: run → character style → paragraph style → defaults."""

    def __init__(self, styles_el) -> None:
        self.styles: dict[str, tuple[list[str] | None, str | None, str]] = {}
        self.default_pstyle = None
        for st in styles_el.iter(_W + "style"):
            sid = st.get(_W + "styleId")
            based = st.find(_W + "basedOn")
            name = st.find(_W + "name")
            self.styles[sid] = (
                rfonts(st.find(_W + "rPr")),
                based.get(_W + "val") if based is not None else None,
                name.get(_W + "val") if name is not None else sid,
            )
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_pstyle = sid
        defaults = styles_el.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        self.default = rfonts(defaults) or []

    def style_font(self, sid: str | None) -> list[str] | None:
        for _ in range(20):  # basedOn chains are short; guard against cycles
            if sid is None or sid not in self.styles:
                return None
            fonts, sid_next, _name = self.styles[sid]
            if fonts is not None:
                return fonts
            sid = sid_next
        return None

    def run_font(self, r, pstyle: str | None) -> list[str]:
        rpr = r.find(_W + "rPr")
        fonts = rfonts(rpr)
        if fonts is None and rpr is not None:
            rstyle = rpr.find(_W + "rStyle")
            fonts = self.style_font(rstyle.get(_W + "val")) if rstyle is not None else None
        if fonts is None:
            fonts = self.style_font(pstyle or self.default_pstyle)
        return fonts if fonts is not None else self.default

    def style_name(self, sid: str | None) -> str | None:
        return self.styles[sid][2] if sid in self.styles else None


def rfonts(rpr) -> list[str] | None:
    """Font names a w:rFonts defines (hAnsi first: it renders the non-ASCII bytes); None if undefined."""
    rf = rpr.find(_W + "rFonts") if rpr is not None else None
    if rf is None:
        return None
    names = [rf.get(_W + a) for a in ("hAnsi", "ascii") if rf.get(_W + a) and not rf.get(_W + a + "Theme")]
    themed = rf.get(_W + "asciiTheme") or rf.get(_W + "hAnsiTheme")
    return names if names or themed else None


def is_bold(r) -> bool:
    b = r.find(f"{_W}rPr/{_W}b")
    return b is not None and b.get(_W + "val") not in ("0", "false", "off")
