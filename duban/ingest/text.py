"""Reading plain-text captures of government pages into lines and table rows."""

import re

_CHROME = re.compile(
    r"^(首页|>.*|当前位置[::]?.*|【打印本页】|【关闭窗口】|打印本页|关闭窗口|©.*|主办[::].*|"
    r".*ICP备.*|网站标识码.*|\d{10,}\s*本站已支持IPv6访问|.*公安备案.*|扫一扫.*)$"
)


class UnreadableDocument(ValueError):
    """The input cannot be read as a document; the message is one line for the user."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    if not data.strip():
        raise UnreadableDocument("文件为空")
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("不是文本文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("无法识别文件编码(支持 UTF-8、GB18030/GBK)")


def is_chrome(line: str) -> bool:
    """Page furniture of a government site: navigation, print links, footers."""
    return bool(_CHROME.match(line.strip()))


def split_cells(line: str) -> list[str]:
    """Cells of a ``|`` row; trailing empty cells and glued-on page chrome are dropped."""
    cells = [cell.strip() for cell in line.split("|")]
    while cells and (not cells[-1] or is_chrome(cells[-1])):
        cells.pop()
    return cells


def lines(text: str) -> list[str]:
    """Non-empty, non-chrome lines with normalised whitespace."""
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\u3000", " ").replace("\xa0", " ").strip()
        if line and not is_chrome(line) and not re.fullmatch(r"[-|\s]+", line):
            out.append(line)
    return out
