"""Reading plain-text captures of government pages into blocks."""

import re

from duban.ingest.blocks import PARAGRAPH, Block, normalise

_CRUMB = r"[^>›»。,;,;]{1,24}"
_CHROME = re.compile(
    r"^(首页|>.*|当前位置[::]?.*|【打印本页】.*|【关闭窗口】|打印本页|关闭窗口|©.*|主办[::].*|"
    r"版权所有.*|.*ICP备.*|网站标识码.*|\d{10,}\s*本站已支持IPv6访问|.*公安备案.*|扫一扫.*|"
    r"分享到[::]?.*|字号[::]?\s*(【?[大中小]】?\s*)*|上一篇.*|下一篇.*|"
    # a breadcrumb: 舟山市民政局> 法定主动公开内容> 规划计划> 工作计划与总结>
    r"首页\s*[>›»].*|"
    + _CRUMB
    + r"(?:\s*[>›»]\s*"
    + _CRUMB
    + r"){2,}\s*[>›»]?|"
    + _CRUMB
    + r"(?:\s*[>›»]\s*"
    + _CRUMB
    + r")+\s*[>›»])$"
)
_COMMON_HANZI_SHARE = 0.9


class UnreadableDocument(ValueError):
    """The input cannot be read as a document; the message is one line for the user."""


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (GBK, GB2312)."""
    if not data.strip():
        raise UnreadableDocument("文件为空")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableDocument("无法识别文件编码(支持 UTF-8、GB18030/GBK)") from None
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("不是文本文件")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableDocument("无法识别文件编码(支持 UTF-8、GB18030/GBK)") from None
    if not _looks_like_gbk_chinese(text):
        raise UnreadableDocument("无法识别文件编码(支持 UTF-8、GB18030/GBK)")
    return text


def _looks_like_gbk_chinese(text: str) -> bool:
    """Latin-1 or Big5 bytes also decode as GB18030, but into rare characters: real
    Chinese text in GBK is almost all in GB2312's common set."""
    wide = [ch for ch in text[:20000] if ord(ch) > 0x7F]
    if not wide:
        return True
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide) >= _COMMON_HANZI_SHARE


def is_chrome(line: str) -> bool:
    """Page furniture of a government site: navigation, print links, footers."""
    return bool(_CHROME.match(line.strip()))


def split_cells(line: str) -> list[str]:
    """Cells of a ``|`` row; trailing empty cells and glued-on page chrome are dropped."""
    cells = [cell.strip() for cell in line.split("|")]
    while cells and (not cells[-1] or is_chrome(cells[-1])):
        cells.pop()
    return cells


def clean_line(raw: str) -> str:
    return normalise(raw).strip()


def lines(text: str) -> list[str]:
    """Non-empty, non-chrome lines with normalised whitespace."""
    out = []
    for raw in normalise(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line and not is_chrome(line) and not re.fullmatch(r"[-|\s]+", line):
            out.append(line)
    return out


def text_blocks(text: str) -> list[Block]:
    """Lines with ``|`` are table rows, every other line a paragraph."""
    blocks = []
    for line in lines(text):
        if "|" in line:
            cells = split_cells(line)
            if cells:
                blocks.append(Block.row(cells, normalised=True))
        else:
            blocks.append(Block(PARAGRAPH, line))
    return blocks
