"""A publication's document as text and back."""


def test_an_edited_draft_keeps_its_tables_and_their_widths():
    from duban.publishing.document import Document, Table, from_text

    doc = Document("bulletin", "通报")
    doc.heading("一、排名")
    doc.table(Table(["名次", "科室", "得分"], [["1", "社会救助科", "2"]], widths=[6, 20, 8]))
    doc.table(Table(["序号", "任务", "原因"], [["1", "低保扩面", "未报送"], ["", "助餐", ""]]))
    doc.paragraph("予以通报表扬。")
    again = from_text("bulletin", doc.as_text() + "\n补充一句。", doc)
    assert again.tables() == doc.tables()
    assert [b.get("paragraph") for b in again.blocks[-2:]] == ["予以通报表扬。", "补充一句。"]
