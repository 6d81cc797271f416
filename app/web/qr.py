"""The join code as a QR code: an inline SVG drawn by the server, so the projector loads nothing else."""
from __future__ import annotations

import segno
from markupsafe import Markup


def join_qr_svg(join_url: str, *, label: str) -> Markup:
    """An SVG QR code for the absolute join URL, sized by its container (viewBox, no width or height).

    Error correction "M" survives a projector's glare and a phone held at an angle while keeping the
    modules large enough to be read from the back of a room.
    """
    code = segno.make(join_url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff",
                          title=label, svgclass="qr", lineclass=None)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))
