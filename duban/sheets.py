"""Text written into a spreadsheet stays text: a cell beginning with ``=`` (or ``+ - @``)
is a live formula in Excel and WPS, and a CSV opened there is read the same way
(OWASP's "CSV injection"). duban never writes a formula, so every cell is forced to text
in ``.xlsx``, and a CSV field that would start a formula gets a leading apostrophe."""

from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(sheet: Worksheet) -> Worksheet:
    """Every cell openpyxl took for a formula is stored as the text it is."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    return sheet


def csv_field(value):
    """A CSV field that Excel and WPS show as the text it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
