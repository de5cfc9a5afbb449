"""A corpus of hostile and malformed inputs, generated here (nothing is kept on disk):
files for every import entry and values for every report entry. Every case is one no
entry may accept: each must be refused with a one-line reason, change nothing, and leave
every page working."""

import io
import random
import zipfile

from duban.ingest.tests.builders import to_docx, to_xlsx

TASK_TABLE = "序号 | 工作任务 | 工作目标 | 责任科室\n"


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {n: source.read(n) for n in source.namelist()}
    members[name] = content
    return _zip(members)


def _merged_bomb() -> bytes:
    from duban.ingest.tests.test_merged_bomb import small_workbook, with_merge

    return with_merge(small_workbook(), "A3:A1048576")


def _billion_laughs_docx() -> bytes:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _replace_member(to_docx("标题"), "word/document.xml", xml.encode())


def _random(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)  # noqa: S311 - test data, not secrets


def import_files() -> list[tuple[str, str, bytes]]:
    """(case, file name, bytes): 44 files no import may save."""
    docx, xlsx = to_docx("重点工作\n" + TASK_TABLE), to_xlsx(TASK_TABLE)
    nothing = "这是一段没有任何任务和指标的文字。"
    return [
        ("empty", "empty.txt", b""),
        ("blank", "blank.txt", b" \n\t\r\n  "),
        ("garbage utf-16 bom", "g.txt", b"\xff\xfe\x00garbage"),
        ("random bytes", "r.txt", _random(4096, 1)),
        ("random bytes named docx", "r.docx", _random(4096, 2)),
        ("random bytes named xlsx", "r.xlsx", _random(4096, 3)),
        ("random bytes named html", "r.html", _random(4096, 4)),
        ("NUL at the start", "nul.txt", b"\x00\x00\x00" + nothing.encode()),
        ("NUL after 4 KB", "nul2.txt", ("啊" * 3000).encode() + b"\x00" * 10),
        ("truncated docx", "t.docx", docx[: len(docx) // 2]),
        ("truncated xlsx", "t.xlsx", xlsx[: len(xlsx) // 2]),
        ("zip header only", "z.docx", b"PK\x03\x04" + b"\x00" * 100),
        ("zip bomb", "bomb.docx", _zip({"word/document.xml": b"\x00" * 60_000_000})),
        ("zip bomb xlsx", "bomb.xlsx", _zip({"xl/workbook.xml": b" " * 60_000_000})),
        ("zip of neither", "n.docx", _zip({"a.txt": b"hello"})),
        ("billion laughs docx", "laughs.docx", _billion_laughs_docx()),
        ("merged range bomb", "merged.xlsx", _merged_bomb()),
        ("docx without text", "e.docx", to_docx("")),
        ("xlsx without cells", "e.xlsx", to_xlsx("")),
        ("xlsx header no rows", "h.xlsx", xlsx),
        ("docx header no rows", "h.docx", to_docx(TASK_TABLE)),
        ("legacy .doc", "a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        ("legacy .xls", "a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
        ("pdf", "a.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("WPS .wps", "a.wps", b"\xd0\xcf\x11\xe0" + b"\x00" * 64),
        ("Big5 bytes", "big5.txt", "繁體中文的測試內容,沒有任務。".encode("big5") * 20),
        ("Latin-1 bytes", "l1.txt", "Ça déjà été ôté".encode("latin-1") * 50),
        ("GBK without anything", "gbk.txt", nothing.encode("gbk")),
        ("UTF-16 LE without anything", "u16.txt", b"\xff\xfe" + nothing.encode("utf-16-le")),
        ("UTF-16 BE without anything", "u16be.txt", b"\xfe\xff" + nothing.encode("utf-16-be")),
        ("UTF-16 odd length", "u16odd.txt", b"\xff\xfe" + nothing.encode("utf-16-le") + b"\x00"),
        ("invalid UTF-8 surrogate", "sur.txt", b"\xed\xbf\xbf" * 40),
        ("huge line", "line.txt", b"x" * 2_000_000),
        ("deep nesting html", "deep.html", b"<html><body>" + b"<div>" * 50_000 + b"</body></html>"),
        ("html script only", "s.html", b"<html><body><script>alert(1)</script></body></html>"),
        ("html comment only", "c.html", b"<html><body><!-- " + b"x" * 1000 + b" --></body></html>"),
        ("unclosed html", "u.html", b"<html><body><table><tr><td>" * 2000),
        ("only punctuation", "p.txt", ("。,;:!?" * 500).encode()),
        ("only digits", "d.txt", b"1234567890" * 100),
        ("control characters", "ctl.txt", bytes(range(1, 32)) * 50),
        ("header without values", "hv.txt", "索引号:\n发布机构:\n".encode()),
        ("table of pipes", "pipes.txt", b"| | | |\n" * 200),
        ("BOM only", "bom.txt", b"\xef\xbb\xbf"),
        ("oversize", "big.txt", b"a" * (21 * 1024 * 1024)),
    ]


# Values a reading may be sent as, and texts a report item may hold: none is accepted.
BAD_NUMBERS = [
    "1e309", "-1e309", "NaN", "nan", "Infinity", "-inf", "99999999999999999999999",
    "1" * 17, "0x1F", "1,2,3.4.5", "一千二", "12%", "1e", "--5", "5-",
]  # fmt: skip
BAD_TEXTS = ["a\x00b", "a\udfffb", "\ud800", "x\x1by", "\x7f", "ok\x08"]
