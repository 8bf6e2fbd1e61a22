"""The look and the accessibility of every chart in the product, drawn as server-side SVG with pygal: one style,
one configuration, a filter that names the chart for assistive technology and drops pygal's script, and the
chart as a data: URI for a PDF. What a chart shows, and in which colours, is its app's business."""

import base64
import sys

import pygal
from pygal.style import Style

from core.responses import SVG_CONTENT_TYPE as SVG_CONTENT_TYPE  # one name for the type, here and in responses

# pygal appends an import hook for its map plugins that has no find_spec(), so Python 3.11+ warns
# (ImportWarning) on every later import that reaches it. The charts use no map plugin: take the hook out.
sys.meta_path[:] = [finder for finder in sys.meta_path if not isinstance(finder, pygal.PluginImportFixer)]

TEXT_COLOUR = "#0b0c0c"
GUIDE_COLOUR = "#b1b4b6"
FONT = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

# Bars get a white edge so that two neighbouring series stay apart even where their colours are close.
EXTRA_CSS = "inline:.rect{stroke:#ffffff;stroke-width:1px}"


def style(colours):
    """The product's chart style with `colours` for the series (white values printed on them)."""
    colours = tuple(colours)
    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground=TEXT_COLOUR,
        foreground_strong=TEXT_COLOUR,
        foreground_subtle=GUIDE_COLOUR,
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="3",
        stroke_width_hover="3",
        guide_stroke_color=GUIDE_COLOUR,
        major_guide_stroke_color=GUIDE_COLOUR,
        guide_stroke_dasharray="2,3",
        major_guide_stroke_dasharray="2,3",
        transition="0s",
        colors=colours,
        title_font_size=18,
        legend_font_size=14,
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=13,
        no_data_font_size=24,
        value_colors=("#ffffff",) * len(colours),
    )


def config(title, colours, **options):
    """The options of a pygal chart in the product's style, without script; `options` add to them or override."""
    return {
        "title": title,
        "style": style(colours),
        "js": [],
        "css": ["file://style.css", "file://graph.css", EXTRA_CSS],
        "disable_xml_declaration": True,
        "legend_at_bottom": True,
        "truncate_legend": -1,
        **options,
    }


def accessible(title, description):
    """An XML filter: drop pygal's script and tooltip, name the chart for assistive technology.

    pygal always writes a small configuration script and a hidden tooltip for its optional JavaScript;
    the charts are images and need neither.
    """

    def finish(root):
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "script" or "tooltip" in child.get("class", "").split():
                    parent.remove(child)
        chart_id = root.get("id", "chart")
        title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
        title_node = root.find("title")
        title_node.text = title
        title_node.set("id", title_id)
        root.remove(title_node)
        root.insert(0, title_node)
        desc_node = root.makeelement("desc", {"id": desc_id})
        desc_node.text = description
        root.insert(1, desc_node)
        root.set("role", "img")
        root.set("aria-labelledby", f"{title_id} {desc_id}")
        return root

    return finish


def render(chart, title, description):
    """The chart as SVG bytes, with its <title> and <desc> and no script."""
    chart.add_xml_filter(accessible(title, description))
    return chart.render(is_unicode=True).encode("utf-8")


def data_uri(svg):
    """The chart as a data: URI, for an <img> in a PDF (WeasyPrint draws SVG)."""
    return f"data:{SVG_CONTENT_TYPE};base64,{base64.b64encode(svg).decode('ascii')}"
