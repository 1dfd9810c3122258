"""NukeViet article HTML → the blocks of ``articles.ArticlePage.body``.

The old HTML is repaired by an HTML parser (lxml through BeautifulSoup), scripts and styles
are dropped, and each run of text goes through Wagtail's own rich-text converter with the
article editor's features (``articles.blocks.RICH_TEXT_FEATURES``): whatever the editor could
not have produced (inline styles, event handlers, ``javascript:`` links, fonts, spans) is
gone, exactly as if an editor had pasted it. Images become image blocks (with their caption),
simple tables table blocks, blockquotes quotes. What has no block (iframes, objects, forms,
tables with merged cells) is kept as its escaped source in a marked paragraph for an editor
to redo, and listed in the report.
"""

import html
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from articles.blocks import RICH_TEXT_FEATURES

DROPPED = ("script", "style", "noscript", "link", "meta", "head", "title", "base")
UNCONVERTIBLE = (
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "form",
    "input",
    "select",
    "textarea",
    "button",
    "svg",
    "canvas",
    "applet",
    "frameset",
    "frame",
)
# Wrappers the old editors left around everything: their children are read one by one.
CONTAINERS = ("div", "section", "article", "center", "main", "body", "font", "span", "figure")
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "table", "div")
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}
CAPTION_LENGTH = 500
UNCONVERTED_NOTE = "[Cần biên tập lại: đoạn HTML dưới đây chưa chuyển được sang khối nội dung]"

_converter = None


def converter():
    global _converter
    if _converter is None:
        _converter = ContentstateConverter(RICH_TEXT_FEATURES)
    return _converter


def clean_rich_text(fragment):
    """``fragment`` reduced to what the article editor allows (Wagtail's converter)."""
    rich = converter()
    return rich.to_database_format(rich.from_database_format(fragment))


@dataclass
class Converted:
    blocks: list = field(default_factory=list)
    unconverted: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def plain_text(markup):
    """Text of an HTML fragment (leads, questions, summaries)."""
    if not markup:
        return ""
    soup = BeautifulSoup(markup, "lxml")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def _has_text(fragment):
    return bool(BeautifulSoup(fragment, "lxml").get_text().strip())


class BodyConverter:
    """Converts one article's HTML. ``resolve_image(src) -> image pk or None`` stores the file
    (or reports it missing); ``rewrite_link(href) -> href`` maps the old site's links."""

    def __init__(self, resolve_image, rewrite_link=lambda href: href):
        self.resolve_image = resolve_image
        self.rewrite_link = rewrite_link

    def convert(self, markup):
        self.result = Converted()
        self.buffer = []
        if not markup or not markup.strip():
            return self.result
        soup = BeautifulSoup(markup, "lxml")
        scripts = soup.find_all(DROPPED)
        if scripts:
            self.result.warnings.append(f"removed {len(scripts)} script/style element(s)")
        for tag in scripts:
            tag.decompose()
        for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
            comment.extract()
        if soup.find(attrs={"style": True}):
            self.result.warnings.append("removed inline styles")
        for anchor in soup.find_all("a", href=True):
            anchor["href"] = self.rewrite_link(anchor["href"])
        root = soup.body or soup
        self._walk(root)
        self._flush()
        return self.result

    # --- walking ---------------------------------------------------------------------

    def _walk(self, node):
        for child in list(node.children):
            if isinstance(child, NavigableString):
                if str(child).strip():
                    self.buffer.append(html.escape(str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            self._element(child)

    def _element(self, tag):
        name = tag.name
        if name in UNCONVERTIBLE or tag.find(UNCONVERTIBLE):
            if name in CONTAINERS + ("p",) and not tag.find(UNCONVERTIBLE, recursive=False):
                return self._walk(tag)
            return self._unconverted(tag)
        if name == "figure" or (name in CONTAINERS + ("p",) and tag.find("img")):
            return self._with_images(tag)
        if name == "img":
            return self._image(tag, caption="")
        if name == "table":
            return self._table(tag)
        if name == "blockquote":
            self._flush()
            text = " ".join(tag.get_text(" ").split())
            if text:
                self.result.blocks.append(
                    {"type": "quote", "value": {"text": text, "attribution": ""}}
                )
            return None
        if name in CONTAINERS and tag.find(BLOCK_TAGS):
            return self._walk(tag)
        if name in HEADINGS:
            tag.name = HEADINGS[name]
        if name in CONTAINERS:
            tag.name = "p"
        self.buffer.append(str(tag))
        return None

    def _with_images(self, tag):
        images = tag.find_all("img")
        caption_tag = tag.find("figcaption")
        caption = " ".join(caption_tag.get_text(" ").split()) if caption_tag else ""
        if caption_tag:
            caption_tag.decompose()
        for image in images:
            image.extract()
        # The text around the pictures stays a paragraph: only a figcaption, alt or title
        # is a caption (a guess from nearby text could swallow a sentence of the article).
        rest = str(tag) if _has_text(str(tag)) else ""
        for image in images:
            self._image(image, caption=caption or image.get("alt", "") or image.get("title", ""))
        if rest:
            self._element(BeautifulSoup(rest, "lxml").body.contents[0])

    def _image(self, img, caption):
        self._flush()
        src = (img.get("src") or "").strip()
        image_id = self.resolve_image(src) if src else None
        if image_id is None:
            return
        self.result.blocks.append(
            {
                "type": "image",
                "value": {
                    "image": image_id,
                    "caption": " ".join(caption.split())[:CAPTION_LENGTH],
                    "credit": "",
                },
            }
        )

    def _table(self, table):
        if (
            table.find("table")
            or table.find(attrs={"rowspan": True})
            or table.find(attrs={"colspan": True})
        ):
            return self._unconverted(table)
        self._flush()
        rows = []
        header = False
        for index, row in enumerate(table.find_all("tr")):
            cells = row.find_all(["td", "th"])
            if index == 0 and cells and all(cell.name == "th" for cell in cells):
                header = True
            rows.append([" ".join(cell.get_text(" ").split()) for cell in cells])
        if not rows:
            return None
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        caption = table.find("caption")
        self.result.blocks.append(
            {
                "type": "table",
                "value": {
                    "data": rows,
                    "first_row_is_table_header": header,
                    "first_col_is_header": False,
                    "table_caption": caption.get_text(" ").strip() if caption else "",
                },
            }
        )
        return None

    def _unconverted(self, tag):
        self._flush()
        source = str(tag)
        self.result.unconverted.append(source)
        note = f"<p><b>{html.escape(UNCONVERTED_NOTE)}</b></p><p>{html.escape(source)}</p>"
        self.result.blocks.append({"type": "paragraph", "value": clean_rich_text(note)})

    def _flush(self):
        if not self.buffer:
            return
        fragment, self.buffer = "".join(self.buffer), []
        try:
            cleaned = clean_rich_text(fragment)
        except Exception:  # noqa: BLE001 - Wagtail's parser asserts on what it cannot read
            return self._unconverted(BeautifulSoup(fragment, "lxml").body or fragment)
        if _has_text(cleaned):
            self.result.blocks.append({"type": "paragraph", "value": cleaned})
        return None
