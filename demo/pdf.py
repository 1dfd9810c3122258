"""Real PDFs for demo documents: the text layer holds the document's text (fpdf2, DejaVu)."""

from functools import cache
from pathlib import Path

from fpdf import FPDF

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@cache
def font_path(name="DejaVuSans.ttf") -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(
        f"{name} not found: install Debian's fonts-dejavu-core (it has Vietnamese glyphs)."
    )


def document_pdf(
    *, issuer_name, number_symbol, place_date, type_name, summary, paragraphs, signer_block
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path("DejaVuSans-Bold.ttf")))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(width / 2, 6, issuer_name.upper(), align="C")
    pdf.cell(width / 2, 6, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.cell(width / 2, 6, f"Số {number_symbol}", align="C")
    pdf.cell(width / 2, 6, place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(width, 8, type_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(width, 6, summary, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 12)
    for number, paragraph in enumerate(paragraphs, start=1):
        pdf.multi_cell(
            width, 6.5, f"{number}. {paragraph}", align="J", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.ln(2)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(pdf.l_margin + width / 2)
    pdf.multi_cell(width / 2, 6, signer_block, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
