"""Small SVG charts for the benchmark report, no dependencies: horizontal bars (with whiskers for a spread) and line
charts on a logarithmic x axis. Each document carries a <title> and <desc> for screen readers."""
import math
from xml.sax.saxutils import escape

WIDTH = 1000
PALETTE = ("#3b6fb6", "#d9822b", "#2e8b57", "#c0392b", "#8e5ea2", "#7f7f7f", "#17becf")


def bars(title, rows, unit, width=WIDTH, reference=None, color="#3b6fb6", note=None):
    """rows: [(label, value)] or [(label, value, low, high)]: a bar to `value` and a whisker from low to high.
    A vertical line marks `reference` (e.g. 1.0 for ratios)."""
    label_w = min(560, max([160] + [int(6.6 * len(r[0])) + 20 for r in rows]))  # ~6.6 px a character at 12 px
    bar_w, row_h, top = width - label_w - 170, 24, 40 + (16 if note else 0)
    height = top + row_h * len(rows) + 30
    vmax = max([max(r[1:]) for r in rows] + [reference or 0]) or 1
    out = [f'<g><text x="10" y="24" font-size="15" font-weight="bold">{escape(title)}</text>']
    if note:
        out.append(f'<text x="10" y="42" font-size="11" fill="#555">{escape(note)}</text>')
    for i, row in enumerate(rows):
        label, value = row[0], row[1]
        y = top + i * row_h
        w = max(1, bar_w * value / vmax)
        text = f"{value:.2f} {unit}"
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" font-size="12" text-anchor="end">{escape(label)}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{color}"/>')
        right = label_w + w
        if len(row) == 4 and row[2] != row[3]:
            low, high = label_w + bar_w * row[2] / vmax, label_w + bar_w * row[3] / vmax
            mid = y + row_h / 2
            out.append(f'<path d="M{low:.1f} {mid:.1f}H{high:.1f}M{low:.1f} {mid - 5:.1f}V{mid + 5:.1f}'
                       f'M{high:.1f} {mid - 5:.1f}V{mid + 5:.1f}" stroke="#222" stroke-width="1.2" fill="none"/>')
            right = max(right, high)
            text += f" ({row[2]:.2f}–{row[3]:.2f})"
        out.append(f'<text x="{right + 6:.1f}" y="{y + 16}" font-size="12">{escape(text)}</text>')
    if reference is not None:
        x = label_w + bar_w * reference / vmax
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{top + row_h * len(rows)}" '
                   f'stroke="#c0392b" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x + 4:.1f}" y="{top + row_h * len(rows) + 16}" font-size="11" fill="#c0392b">'
                   f'{reference:g} = parity</text>')
    out.append("</g>")
    return "\n".join(out), height


def _nice(vmax):
    """An axis maximum and tick step for a linear axis from 0 to at least vmax."""
    raw = max(vmax, 1e-9) / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return step * math.ceil(vmax / step), step


def lines(title, series, x_label, y_label, width=760, height=420):
    """series: {name: [(n, value)]}: one line per series with a marker at each point, on a log10 x axis and a linear
    y axis from 0; a legend names the lines. Returns a whole SVG document."""
    left, right, top, bottom = 70, 230, 44, 56
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = [n for points in series.values() for n, _ in points]
    ys = [v for points in series.values() for _, v in points]
    lo, hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    hi = max(hi, lo + 1)
    ymax, ystep = _nice(max(ys))

    def px(n):
        return left + plot_w * (math.log10(n) - lo) / (hi - lo)

    def py(v):
        return top + plot_h * (1 - v / ymax)

    out = [f'<text x="{width / 2:.0f}" y="24" font-size="15" font-weight="bold" text-anchor="middle">'
           f'{escape(title)}</text>']
    # grid and axes
    k = 0.0
    while k <= ymax + 1e-9:
        y = py(k)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{k:g}</text>')
        k += ystep
    for e in range(lo, hi + 1):
        x = px(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle">{10 ** e:,}</text>')
    out.append(f'<path d="M{left} {top}V{top + plot_h}H{left + plot_w}" stroke="#333" fill="none"/>')
    out.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 14}" font-size="12" text-anchor="middle">'
               f'{escape(x_label)}</text>')
    out.append(f'<text transform="translate(18,{top + plot_h / 2:.0f}) rotate(-90)" font-size="12" '
               f'text-anchor="middle">{escape(y_label)}</text>')
    # lines and legend
    for i, (name, points) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        pts = sorted(points)
        d = " ".join(f"{'M' if j == 0 else 'L'}{px(n):.1f} {py(v):.1f}" for j, (n, v) in enumerate(pts))
        out.append(f'<g><title>{escape(name)}: ' + ", ".join(f"{v:.1f} ms at {n:,}" for n, v in pts) + '</title>'
                   f'<path d="{d}" stroke="{color}" stroke-width="2" fill="none"/>' +
                   "".join(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="3.5" fill="{color}"/>' for n, v in pts)
                   + '</g>')
        ly = top + 8 + i * 20
        lx = left + plot_w + 16
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{color}" stroke-width="2"/>'
                   f'<circle cx="{lx + 11}" cy="{ly}" r="3.5" fill="{color}"/>'
                   f'<text x="{lx + 28}" y="{ly + 4}" font-size="11">{escape(name)}</text>')
    desc = "; ".join(f"{name}: " + ", ".join(f"{v:.1f} ms at n = {n:,}" for n, v in sorted(points))
                     for name, points in series.items())
    return _document(width, height, title, f"{x_label} against {y_label}. {desc}", "\n".join(out))


def _document(width, height, title, desc, body):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="sans-serif" role="img" aria-labelledby="chart-title chart-desc">'
            f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>'
            f'<rect width="100%" height="100%" fill="white"/>' + body + "</svg>\n")


def page(panels, width=WIDTH, title="Benchmark results", desc=None):
    """Stacks (svg, height) panels into one SVG document."""
    y, body = 0, []
    for svg, h in panels:
        body.append(f'<g transform="translate(0,{y})">{svg}</g>')
        y += h + 10
    return _document(width, y, title, desc or title, "\n".join(body))
