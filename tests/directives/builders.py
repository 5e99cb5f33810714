"""Fixture directives for the parser tests, written for these tests (not copied from any real
document), and a .docx builder with real Word automatic numbering, header tables and task
tables."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

# A Công văn in the usual layout: header, V/v over two lines, Kính gửi list, lead-in,
# numbered items with a), b) points and bullets, a footnote spliced into a sentence.
CONG_VAN = """\
ỦY BAN NHÂN DÂN
HUYỆN TRÀ BỒNG

Số: 0417/UBND-VP
V/v tăng cường thực hiện nhiệm vụ
chuyển đổi số năm 2025

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Trà Bồng, ngày 09 tháng 5 năm 2025

Kính gửi:
- Các cơ quan chuyên môn thuộc UBND huyện;
- Trung tâm Văn hóa - Thể thao và Truyền thông huyện,
Chi nhánh phía Tây;
- UBND các xã, thị trấn.

Căn cứ Kế hoạch số 88/KH-UBND ngày 20/02/2025 của UBND tỉnh về chuyển đổi số; Quyết định số 05/2025/QĐ-UBND ngày 11/3/2025 của UBND tỉnh, Chủ tịch UBND huyện yêu cầu Thủ trưởng các cơ quan chuyên môn, Chủ tịch UBND các xã, thị trấn thực hiện tốt các nội dung sau:

1. Rà soát, cập nhật dữ liệu hồ sơ công việc trên hệ thống quản lý văn bản, hoàn thành trước ngày 30/5/2025.

2. Về cổng dịch vụ công

a) Phòng Văn hóa và Thông tin chủ trì, phối hợp với Văn phòng HĐND và UBND huyện hướng dẫn các xã sử dụng dịch vụ công trực tuyến; định kỳ hằng quý báo cáo kết quả¹.

¹ Theo Công văn số 1502/STTTT-CĐS ngày 02/4/2025 của Sở Thông tin và Truyền thông.

b) Giao Phòng Tài chính - Kế hoạch tham mưu bố trí kinh phí trong tháng 6/2025.

3. Văn phòng HĐND và UBND huyện

- Tổng hợp kết quả, báo cáo Chủ tịch UBND huyện trong thời hạn 05 ngày làm việc kể từ ngày 09/5/2025.

- Thường xuyên theo dõi, đôn đốc các xã thực hiện.

Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Như trên;
- Thường trực Huyện ủy;
- Lưu: VT, VP.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đinh Văn Long
"""

# A Kế hoạch: purpose section (not tasks), field blocks, a heading naming the unit,
# recurrence and quarter deadlines, a closing paragraph.
KE_HOACH = """\
Số: 21/KH-UBND

Ba Tơ, ngày 03 tháng 02 năm 2025

KẾ HOẠCH
Kiểm tra công tác cải cách hành chính
năm 2025 trên địa bàn huyện

Thực hiện Chỉ thị số 12-CT/HU ngày 05/01/2025 của Huyện ủy, UBND huyện ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

- Phát hiện kịp thời hạn chế để Phòng Nội vụ đề xuất khắc phục.

2. Yêu cầu

- Kiểm tra đúng nội dung, khách quan.

II. NỘI DUNG KIỂM TRA

1. Thành lập Đoàn kiểm tra cải cách hành chính của huyện

- Thời gian thực hiện: Quý I/2025.
- Cơ quan chủ trì tham mưu: Phòng Nội vụ.
- Cơ quan phối hợp: Văn phòng HĐND và UBND huyện; Phòng Tư pháp.

2. Kiểm tra tại các xã

- Thời gian: Hoàn thành trước ngày 15/10.
- Đơn vị thực hiện: Đoàn kiểm tra của huyện.

III. TỔ CHỨC THỰC HIỆN

1. Kinh phí thực hiện: Do ngân sách huyện bảo đảm.

2. Phòng Nội vụ có trách nhiệm

- Chủ trì, phối hợp với Phòng Tư pháp xây dựng lịch kiểm tra hằng năm.

- Tổng hợp kết quả kiểm tra, báo cáo UBND huyện chậm nhất ngày 15 tháng 12 năm 2025.

3. UBND các xã, thị trấn

- Tự kiểm tra ít nhất 6 tháng/lần và gửi báo cáo về UBND huyện (qua Phòng Nội vụ).

Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về Phòng Nội vụ để tổng hợp./.

Nơi nhận:
- Sở Nội vụ;
- Các phòng, ban thuộc huyện;
- Lưu: VT, NV.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Phạm Thị Hoa
"""


def _numbering_xml(abstract_id: int, num_id: int, levels: list[tuple[str, str]]) -> tuple[str, str]:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'
    num = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    return abstract, num


class DocxBuilder:
    """A .docx directive with Word automatic numbering (labels not in the paragraph text)."""

    def __init__(self) -> None:
        self.document = docx.Document()
        numbering = self.document.part.numbering_part.element
        # list 1: I. / 1. / a) / bullet "-";  list 2: decimal "%1." continuing 2.1 style "%1.%2."
        abstract, num = _numbering_xml(
            90, 90, [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-")]
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(parse_xml(abstract))
        else:
            numbering.append(parse_xml(abstract))
        numbering.append(parse_xml(num))

    def header_table(self, issuer: list[str], number: str, subject: str, place_date: str) -> None:
        table = self.document.add_table(rows=2, cols=2)
        left, right = table.rows[0].cells
        left.text = "\n".join(issuer)
        right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        left2, right2 = table.rows[1].cells
        left2.text = f"{number}\n{subject}"
        right2.text = place_date

    def para(self, text: str, level: int | None = None) -> None:
        p = self.document.add_paragraph(text)
        if level is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )

    def task_table(self, rows: list[list[str]], header: list[str] | None = None) -> None:
        header = header or [
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
        ]
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
        for r, row in enumerate(rows, start=1):
            for cell, text in zip(table.rows[r].cells, row, strict=True):
                cell.text = text

    def footer_table(self, recipients: list[str], signature: list[str]) -> None:
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = "Nơi nhận:\n" + "\n".join(recipients)
        right.text = "\n".join(signature)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.document.save(buf)
        return buf.getvalue()


def numbered_docx(pages: int = 1) -> bytes:
    """A Kế hoạch with automatic numbering, header and footer tables and a task table; each
    "page" repeats a unit section with a few bullets (about 35 paragraphs a page)."""
    b = DocxBuilder()
    b.header_table(
        ["ỦY BAN NHÂN DÂN", "HUYỆN SƠN HÀ"],
        "Số: 56/KH-UBND",
        "",
        "Sơn Hà, ngày 14 tháng 4 năm 2025",
    )
    b.para("KẾ HOẠCH")
    b.para("Nâng cao chất lượng giải quyết thủ tục hành chính năm 2025")
    b.para(
        "Thực hiện Kế hoạch số 301/KH-UBND ngày 02/4/2025 của UBND tỉnh, UBND huyện ban hành Kế hoạch như sau:"
    )
    b.para("MỤC ĐÍCH, YÊU CẦU", level=0)
    b.para("Bảo đảm giải quyết thủ tục hành chính đúng hạn.", level=3)
    b.para("NHIỆM VỤ CỤ THỂ", level=0)
    units = ["Phòng Tư pháp", "Phòng Kinh tế và Hạ tầng", "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ"]
    for page in range(pages):
        unit = units[page % len(units)]
        b.para(f"{unit} có trách nhiệm", level=1)
        b.para(
            "Rà soát quy trình nội bộ giải quyết thủ tục hành chính, hoàn thành trước ngày 30/6/2025.",
            level=3,
        )
        b.para("Chủ trì, phối hợp với UBND các xã công khai thủ tục hành chính thường xuyên.", level=3)
        b.para("Hướng dẫn tổ chức, cá nhân nộp hồ sơ trực tuyến trong quý III/2025.", level=3)
        for k in range(8):
            b.para(
                f"Kiểm tra việc tiếp nhận hồ sơ tại bộ phận một cửa đợt {k + 1}, báo cáo kết quả về Phòng Nội vụ "
                "để tổng hợp trình Chủ tịch UBND huyện xem xét, chỉ đạo kịp thời các vướng mắc phát sinh.",
                level=3,
            )
        b.para("Tăng cường kỷ luật, kỷ cương trong thực thi công vụ", level=2)
        for k in range(20):
            b.para(
                f"Nội dung diễn giải số {k + 1}: cán bộ, công chức tiếp nhận hồ sơ phải hướng dẫn đầy đủ, một lần, "
                "không yêu cầu bổ sung giấy tờ ngoài quy định; việc tiếp nhận và trả kết quả được ghi sổ theo dõi."
            )
    b.task_table(
        [
            [
                "1",
                "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                "Văn phòng HĐND và UBND huyện",
                "Các xã",
                "Quý II/2025",
            ],
            ["2", "Tập huấn kỹ năng cho công chức một cửa", "Phòng Nội vụ", "", "Tháng 9/2025"],
        ]
    )
    b.para("Yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện./.")
    b.footer_table(
        ["- Sở Nội vụ;", "- Như trên;", "- Lưu: VT."],
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thanh Bình"],
    )
    return b.to_bytes()
