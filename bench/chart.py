"""Small SVG charts for the benchmark report: horizontal bars with labels, no dependencies."""
from xml.sax.saxutils import escape


def bars(title, rows, unit, width=760, reference=None, color="#3b6fb6"):
    """rows: [(label, value)]. A vertical line marks `reference` (e.g. 1.0 for ratios)."""
    label_w, bar_w, row_h, top = 330, width - 330 - 90, 24, 40
    height = top + row_h * len(rows) + 30
    vmax = max([v for _, v in rows] + [reference or 0]) or 1
    out = [f'<g><text x="10" y="24" font-size="15" font-weight="bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = max(1, bar_w * value / vmax)
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" font-size="12" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" font-size="12">{value:.2f} {escape(unit)}</text>')
    if reference is not None:
        x = label_w + bar_w * reference / vmax
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row_h * len(rows)}" '
                   f'stroke="#c0392b" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x + 4:.1f}" y="{top + row_h * len(rows) + 16}" font-size="11" fill="#c0392b">'
                   f'{reference:g} = parity</text>')
    out.append("</g>")
    return "\n".join(out), height


def page(panels, width=760):
    """Stacks (svg, height) panels into one SVG document."""
    y, body = 0, []
    for svg, h in panels:
        body.append(f'<g transform="translate(0,{y})">{svg}</g>')
        y += h + 10
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" '
            f'font-family="sans-serif"><rect width="100%" height="100%" fill="white"/>' + "\n".join(body) + "</svg>\n")
