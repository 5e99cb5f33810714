"""Who is told to act: unit names as written, from the wording of a clause.

Vietnamese directives name units with a head word ("Phòng", "UBND", "Thủ trưởng", "các cơ
quan") followed by modifiers, and end the name where the verb starts ("Phòng Nội vụ *chủ
trì* …"). Lists of units are joined by ",", ";" and "và"; a separator starts a new unit only
when a new head word follows it ("các phòng, ban, ngành" is one unit, "các phòng, ban, UBND
các xã" is two).
"""

from __future__ import annotations

import re

_GROUP_NOUNS = (
    r"(?:cơ\s+quan|đơn\s+vị|phòng|ban|ngành|sở|xã|phường|thị\s+trấn|đặc\s+khu|địa\s+phương|tổ\s+chức|doanh\s+nghiệp|"
    r"trường|hội|đoàn\s+thể|thành\s+viên|huyện|quận|thị\s+xã|cấp|Sở|Phòng|Ban|bộ|Bộ|chi\s+cục|cục|trung\s+tâm|"
    r"UBND|Ủy\s+ban|Uỷ\s+ban|đồng\s+chí|ngành|cán\s+bộ|công\s+chức|thủ\s+trưởng|Thủ\s+trưởng|tỉnh|thành\s+phố|"
    r"chủ\s+đầu\s+tư|nhà\s+đầu\s+tư|nhà\s+thầu|nhà\s+mạng|cơ\s+sở|công\s+ty|tập\s+đoàn|hợp\s+tác\s+xã|hộ\s+gia\s+đình|"
    r"cá\s+nhân|người\s+dân|hiệp\s+hội|cấp\s+ủy|Bộ|Tập\s+đoàn|Doanh\s+nghiệp)"
)
HEAD = re.compile(
    r"(?:"
    r"(?:[Tt]hủ\s+trưởng|[Nn]gười\s+đứng\s+đầu|[Nn]gười\s+sử\s+dụng|Phó\s+Trưởng|Trưởng(?!\s+hợp)|Phó\s+Giám\s+đốc|Giám\s+đốc|Phó\s+Chủ\s+tịch|Chủ\s+tịch|Chánh\s+Văn\s+phòng|Chánh\s+Thanh\s+tra|Lãnh\s+đạo)\b"
    r"|Văn\s+phòng\b|[Pp]hòng(?![,\s]+(?:chống|ngừa|cháy|,\s*chống))\b|Sở\b|Ban(?!\s+hành)\b|Cơ\s+quan\b|UBND\b|Ủy\s+ban\b|Uỷ\s+ban\b|HĐND\b|"
    r"Hội\s+đồng\b|Thanh\s+tra\b|Trung\s+tâm\b|Đài\b|Công\s+an\b|Chi\s+cục\b|Cục\b|Bảo\s+hiểm\b|Kho\s+bạc\b|Viện\b|"
    r"Bộ\s+phận\b|Bộ(?!\s+(?:[Cc]hỉ\s+số|tiêu\s+chí|câu\s+hỏi|luật|hồ\s+sơ|phận))\s+[A-ZĐ]|Tòa\s+án\b|Toà\s+án\b|Hội(?!\s+(?:nghị|thảo|thi|đồng))\s+[A-ZĐ]|"
    r"Đoàn\b|Liên\s+đoàn\b|Mặt\s+trận\b|Huyện\s+ủy\b|Thành\s+ủy\b|Tỉnh\s+ủy\b|Huyện\s+đoàn\b|Ban\s+Chỉ\s+huy\b|"
    r"Bệnh\s+viện\b|Trường(?!\s+hợp)\s+[A-ZĐ]|Bưu\s+điện\b|Điện\s+lực\b|Cổng\s+[Tt]hông\s+tin\b|Công\s+[Tt]hông\s+tin\b|Tổ\s+công\s+tác\b|"
    r"Ủy\s+ban\s+nhân\s+dân\b|Uỷ\s+ban\s+nhân\s+dân\b|Hạt\s+Kiểm\s+lâm\b|Chi\s+nhánh\b|Đội\b|Quỹ\b|Ngân\s+hàng\b|"
    r"[Tt]ổ\s+chức\s+[A-ZĐ]|Thường\s+trực\b|Công\s+ty\b|Tổng\s+công\s+ty\b|Tập\s+đoàn\b|Hiệp\s+hội\b|Liên\s+hiệp\b|Doanh\s+nghiệp\b|"
    r"[Nn]hà\s+đầu\s+tư\b|[Cc]hủ\s+đầu\s+tư\b|Hợp\s+tác\s+xã\b|Thuế\s+(?:tỉnh|thành\s+phố|cơ\s+sở)\b|Kiểm\s+toán\b|"
    r"Báo(?!\s+cáo)\b|[Hh]ệ\s+thống\s+(?:truyền\s+thanh|đài|thông\s+tin\s+cơ\s+sở)|[Đđ]ồng\s+chí\s+[A-ZĐ]|(?:Phó\s+)?Thủ\s+tướng\b|Bộ\s+trưởng\b|Thứ\s+trưởng\b|"
    r"Thành\s+phố\s+[A-ZĐ]|[Tt]ỉnh\s+[A-ZĐ]|cơ\s+quan(?=\s+(?!liên\s+quan|có\s+liên|và\b|,)[a-zà-ỹđ])|"
    rf"[Cc]ác\s+{_GROUP_NOUNS}\b|[Mm]ọi\s+{_GROUP_NOUNS}\b|[Tt]oàn\s+thể\b"
    r")"
)

_STOP_WORDS = [
    "chủ trì",
    "phối hợp",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "thực hiện",
    "triển khai",
    "tham mưu",
    "tổ chức",
    "xây dựng",
    "thường xuyên",
    "khẩn trương",
    "chủ động",
    "tiếp tục",
    "tập trung",
    "nghiên cứu",
    "rà soát",
    "căn cứ",
    "trên cơ sở",
    "theo",
    "cần",
    "phải",
    "tiến hành",
    "đẩy mạnh",
    "tăng cường",
    "nâng cao",
    "kiểm tra",
    "hướng dẫn",
    "báo cáo",
    "bảo đảm",
    "đảm bảo",
    "quán triệt",
    "nghiêm túc",
    "trong",
    "để",
    "nhằm",
    "về",
    "với",
    "tại",
    "trên",
    "đối với",
    "có",
    "là",
    "được",
    "lãnh đạo",
    "chỉ đạo",
    "quan tâm",
    "duy trì",
    "phát huy",
    "cập nhật",
    "đề xuất",
    "đôn đốc",
    "theo dõi",
    "giám sát",
    "tuyên truyền",
    "ban hành",
    "gửi",
    "nộp",
    "lập",
    "xử lý",
    "giải quyết",
    "sử dụng",
    "bố trí",
    "cung cấp",
    "tự",
    "thống kê",
    "tổng hợp",
    "trình",
    "xem xét",
    "lưu ý",
    "khắc phục",
    "phấn đấu",
    "cử",
    "thành lập",
    "hoàn thành",
    "khảo sát",
    "đánh giá",
    "hỗ trợ",
    "tích cực",
    "kịp thời",
    "sớm",
    "ngay",
    "nắm",
    "ưu tiên",
    "vận động",
    "phổ biến",
    "yêu cầu",
    "đề nghị",
    "giao",
    "cho",
    "thẩm định",
    "phê duyệt",
    "công khai",
    "niêm yết",
    "tiếp nhận",
    "áp dụng",
    "thúc đẩy",
    "cải thiện",
    "quản lý",
    "phân công",
    "cân đối",
    "giải ngân",
    "tăng",
    "giảm",
    "thanh tra",
    "chấp hành",
    "kiểm soát",
    "chuẩn bị",
    "tham dự",
    "tham gia",
    "phục vụ",
    "đăng nhập",
    "làm",
    "sắp xếp",
    "hoàn thiện",
    "ứng dụng",
    "chuyển",
    "khai thác",
    "bổ sung",
    "sửa đổi",
    "mời",
    "thông báo",
    "tuyệt đối",
    "không",
    "chưa",
    "đã",
    "sẽ",
    "đang",
    "vẫn",
    "cùng",
    "đồng thời",
    "nhanh chóng",
    "quyết liệt",
    "năm",
    "kể từ",
    "từ",
    "đến",
    "trước",
    "sau",
    "khi",
    "nếu",
    "thì",
    "mà",
    "như",
    "bằng",
    "ngày",
    "đúng",
    "tiếp",
    "xác định",
    "chấm điểm",
    "có ý kiến",
    "đồng ý",
    "thống nhất",
    "cụ thể",
    "gồm",
    "bao gồm",
    "trực tiếp",
    "hằng",
    "hàng",
    "định kỳ",
    "ra",
    "rút",
    "đề ra",
    "thẩm tra",
    "điều tra",
    "điều hành",
    "vận hành",
    "kết nối",
    "ghi",
    "nhập",
    "nâng",
    "mở",
    "tuyển",
    "đào tạo",
    "bồi dưỡng",
    "chi",
    "thu",
    "rà",
    "phê",
    "lựa chọn",
    "tạo",
    "dừng",
    "giữ",
    "trả lời",
    "đối thoại",
    "tiếp",
    "nhận",
    "xin",
    "gấp",
    "liên hệ",
    "tiếp thu",
    "thụ lý",
    "quy định tại",
    "nêu tại",
]
_STOP = re.compile(
    r"(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_STOP_WORDS, key=len, reverse=True))
    + r")(?![\wà-ỹđ])"
)
_END = re.compile(r"[.:()\"“”!?]|$")
_SEP = re.compile(r"\s*(?:,|;|\s(?:và|hoặc|cùng)\s)\s*")
_NO_SPLIT_BEFORE_UBND = re.compile(r"HĐND\s*$|Hội\s+đồng\s+nhân\s+dân\s*$")

MAX_UNIT_WORDS = 16
# institution nouns whose name goes on in lower case ("Viện nghiên cứu …", "Hội đồng thẩm định")
_BARE_HEADS = re.compile(
    r"Viện|Trung\s+tâm|Hội\s+đồng|Ban|Đoàn|Tổ\s+công\s+tác|Đội|Quỹ|Chi\s+cục|Cục|Bộ\s+phận"
    r"|Cơ\s+quan|Đơn\s+vị|[Cc]ác\s+cơ\s+quan|[Cc]ác\s+chủ\s+đầu\s+tư"
)


_BODY_BEFORE = re.compile(r"(?:Ban|Tổ|Hội\s+đồng|Ủy\s+ban|Đoàn)$")
_NAMED_GROUP = re.compile(r"các\s+(?:tỉnh|thành\s+phố)\s+[A-ZĐ]")
_GROUP_OWNER = re.compile(r"(?:UBND|Ủy\s+ban|Uỷ\s+ban|HĐND|Hội\s+đồng|Chủ\s+tịch|Thường\s+trực|Lãnh\s+đạo)\b")
_RELATED = re.compile(r"có\s+liên\s+quan")
_RELATIVE = re.compile(r"được\s+(?:giao|phân\s+công)")
_RELATIVE_END = re.compile(r"\s(?:có|chịu)\s+trách\s+nhiệm")
# a verb written with a capital where a PDF or a careless line break glued a new sentence on
_CAP_VERB = re.compile(
    r"(?:Chủ\s+trì|Chỉ\s+đạo|Căn\s+cứ|Phối\s+hợp|Có\s+trách\s+nhiệm|Chịu\s+trách\s+nhiệm|Thực\s+hiện|Triển\s+khai"
    r"|Tham\s+mưu|Theo\s+dõi|Hướng\s+dẫn|Khẩn\s+trương|Chủ\s+động|Tiếp\s+tục|Đề\s+nghị|Yêu\s+cầu|Tổ\s+chức\s+(?:thực|triển))"
    r"(?![\wà-ỹđ])"
)


_FUNCTION_WORDS = frozenset("trước sau trong theo với tại để về cho từ đến khi nếu thì mà là có được".split())


def _continues_word(text: str, i: int, stop: re.Match) -> bool:
    """A one-syllable stop word right after a capitalised syllable is that word's second
    syllable ("Đào tạo", "Thu chi"), not a verb."""
    if " " in stop.group(0) or "\t" in stop.group(0) or stop.group(0) in _FUNCTION_WORDS:
        return False
    k = i - 1
    while k >= 0 and text[k] != " ":
        k -= 1
    if not text[k + 1 : k + 2].isupper() or text[k + 1 : i].isupper():
        return False  # no capital before, or an acronym (a whole word)
    j = k - 1
    while j >= 0 and text[j] != " ":
        j -= 1
    before = text[j + 1 : k]
    # "Hồng Hà trước": after a run of capitals (a place or person name) the word is complete
    return not (before[:1].isupper() and before not in ("Sở", "Bộ", "Ban", "Cục", "Phòng", "Vụ", "Viện"))


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_/-")


def starts_with_head(text: str, pos: int = 0) -> re.Match | None:
    m = HEAD.match(text, pos)
    if m and _word_start(text, pos):
        return m
    return None


def unit_phrase(
    text: str, pos: int = 0, *, allow_relative: bool = True, strict: bool = True
) -> tuple[list[str], int]:
    """Unit names starting at ``pos`` (which must start with a head word) and the index where
    the phrase ends. Returns ([], pos) when no unit starts there."""
    units: list[str] = []
    i = pos
    n = len(text)
    while i < n and text[i] == " ":
        i += 1
    if not starts_with_head(text, i):
        return [], pos
    start = i
    words_in_unit = 0
    head = starts_with_head(text, i)
    bare_head = bool(_BARE_HEADS.fullmatch(head.group(0))) if head else False
    i = head.end()  # the head word itself never holds a stop ("Các chủ đầu tư")
    end = i
    while i < n:
        # stop at sentence punctuation
        if text[i] in '.:()"“”!?\n' and not (text[i] == "." and i + 1 < n and text[i + 1].isalnum()):
            break
        sep = _SEP.match(text, i) if text[i] in ",; " else None
        if sep and (text[i] in ",;" or sep.group(0).strip() in ("và", "hoặc", "cùng")):
            nxt = sep.end()
            if HEAD.match(text, nxt) and not (
                sep.group(0).strip() == "và"
                and (
                    (
                        _NO_SPLIT_BEFORE_UBND.search(text[start:i])
                        and text.startswith(("UBND", "Ủy ban", "Uỷ ban"), nxt)
                    )
                    or (  # "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng HĐND và UBND" are one office
                        text.startswith("Văn phòng", start)
                        and text.startswith(("HĐND", "UBND", "Ủy ban nhân dân", "Hội đồng nhân dân"), nxt)
                    )
                )
            ):
                units.append(text[start:i].strip())
                start = nxt
                head = HEAD.match(text, nxt)
                bare_head = bool(_BARE_HEADS.fullmatch(head.group(0)))
                i = head.end()
                words_in_unit = 0
                continue
            if sep.group(0).strip() in ("và", "hoặc", "cùng") and not HEAD.match(text, nxt):
                # "Văn hóa và Thông tin", "các phòng chuyên môn và tương đương": part of the name
                # unless a verb follows
                if nxt < n and (text[nxt].isupper() or (text[nxt].isalpha() and not _STOP.match(text, nxt))):
                    i = nxt
                    continue
                break
            if _STOP.match(text, nxt) or nxt >= n or not (text[nxt].isalpha()):
                break
            i = nxt
            continue
        if text[i] == " ":
            j = i + 1
            after_head = bare_head and i == head.end()
            stop = None if _RELATED.match(text, j) else _STOP.match(text, j)
            if stop and not text[j].isupper() and not after_head and not _continues_word(text, i, stop):
                if allow_relative and _RELATIVE.match(text, j):
                    k = j
                    while k < n and text[k] not in ",;.:\n" and not _RELATIVE_END.match(text, k):
                        k += 1
                    i = k
                    break
                break
            if (
                text[j : j + 1].isupper()
                and i != head.end()
                and _CAP_VERB.match(text, j)
                and not _BODY_BEFORE.search(text, max(0, i - 12), i)
            ):
                break
            if text[j : j + 1] == "c" and _NAMED_GROUP.match(text, j) and not _GROUP_OWNER.match(text, start):
                # "Bộ Quốc phòng các tỉnh A, B": the province list is a unit of its own
                units.append(text[start:i].strip())
                start = j
                head = HEAD.match(text, j)
                bare_head = False
                i = head.end() if head else j
                words_in_unit = 0
                continue
            words_in_unit += 1
            if words_in_unit >= MAX_UNIT_WORDS:
                break
        i += 1
        end = i
    end = i
    raw_last = text[start:end]
    follows = text[end : end + 2].strip()
    if strict and follows and follows[0] not in '.:;,()!?"“”':
        # the name ran into more words (not a separator): trim it where the verb starts
        keep = proper_name_length(raw_last)
        if keep is not None:
            end = start + keep
            raw_last = text[start:end]
            nxt = end + 1 if text[end : end + 1] == " " else end
            if starts_with_head(text, nxt):  # "Bộ Quốc phòng các tỉnh …": a comma left out
                more, more_end = unit_phrase(text, nxt, allow_relative=allow_relative, strict=strict)
                if more:
                    last = raw_last.strip(" ,;-")
                    out = [*units, last] if last else list(units)
                    return _clean_units(out, strict) + more, more_end
    last = raw_last.strip(" ,;-")
    if last:
        units.append(last)
    return _clean_units(units, strict), end


def _clean_units(units: list[str], strict: bool) -> list[str]:
    cleaned = []
    for u in units:
        u = strip_apposition(re.sub(r"\s+", " ", u).strip(" ,;-"))
        u = re.sub(r"\s+(?:có|và|hoặc|cùng)$", "", u)
        if u and starts_with_head(u):
            cleaned.extend(expand_named_list(u))
    return cleaned


# lower-case words that belong to a proper unit name ("Ủy ban nhân dân tỉnh Thanh Hóa")
_NAME_MODIFIERS = frozenset(
    "tỉnh thành phố huyện xã phường quận thị trấn đặc khu khu vực nhà nước nhân dân quốc gia cấp trung ương "
    "liên quan và - &".split()
)
_WORD = re.compile(r"\S+")
_NAME_TAIL = frozenset("các cấp có liên quan khác thuộc trực".split())


def proper_name_length(raw: str) -> int | None:
    """Where a proper unit name ends (RULES §3 "as written"): after the head comes a name in
    title case ("Sở Nông nghiệp và Môi trường", "Bộ Xây dựng"), each word capitalised on its
    first syllable only. A run of three or more lower-case syllables is no longer the name but
    the verb ("Bộ Xây dựng đẩy nhanh tiến độ"): the name ends after the first of them when it
    completes a word begun by a lone capital ("dựng"), else before it. None: nothing to trim
    (the unit is not a proper name, or nothing follows)."""
    head = starts_with_head(raw)
    if not head:
        return None
    hend = head.end()
    while 0 < hend < len(raw) and raw[hend - 1].isalnum() and raw[hend].isalnum():
        hend -= 1  # "Bộ X…": the head pattern peeks at the name's capital
    while True:  # "Chủ tịch UBND …": the name belongs to the innermost head
        k = hend + 1 if raw[hend : hend + 1] == " " else hend
        inner = starts_with_head(raw, k) if k < len(raw) else None
        if not inner or inner.end() <= k:
            break
        hend = inner.end()
        while 0 < hend < len(raw) and raw[hend - 1].isalnum() and raw[hend].isalnum():
            hend -= 1
        if hend <= k:
            break
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(raw, hend)]
    if not words:
        return None
    if _ADMIN_BODY.fullmatch(raw[head.start() : hend].strip()) or _ADMIN_BODY.search(raw[:hend]):
        return _admin_body_length(raw, words)
    first = words[0][2]
    if not (
        first[:1].isupper() or (first in _NAME_MODIFIERS and len(words) > 1 and words[1][2][:1].isupper())
    ):
        return None
    run: list[int] = []  # indexes of the current lower-case run
    cut = False
    for idx, (_a, _b, w) in enumerate(words):
        if w[:1].isupper() or w[:1].isdigit() or (w in _NAME_MODIFIERS and not run):
            if len(run) >= 4:  # "Bưu chính viễn thông Việt Nam" keeps three
                cut = True
                break
            run = []
            continue
        run.append(idx)
    else:
        cut = len(run) >= 3
    if not cut:
        return None
    r0 = run[0]
    before = words[r0 - 1][2] if r0 >= 1 else ""
    before2 = words[r0 - 2][2] if r0 >= 2 else ""
    if all(words[x][2].strip(",") in _NAME_TAIL for x in run[1:]):
        return None  # "Hội đồng Thi đua - Khen thưởng các cấp"
    lone_capital = (
        before[:1].isupper()
        and not before.isupper()  # an acronym is a whole word
        and not (before2[:1].isupper() and before2 not in _NAME_MODIFIERS)
    )
    if lone_capital:
        return words[r0][1]
    return words[r0 - 1][1] if r0 >= 1 else None


_APPOSITION = re.compile(
    r"\s+-\s+(?:[Cc]ơ\s+quan|[Đđ]ơn\s+vị|[Tt]hường\s+trực|[Tt]hành\s+viên|Ủy\s+viên|(?:Phó\s+)?Trưởng\s+|Phó\s+|[Cc]hủ\s+đầu\s+tư)"
)


def strip_apposition(unit: str) -> str:
    """ "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo" is Sở Tài chính: the part after the dash
    names its role, not another unit ("Phòng Tài chính - Kế hoạch" has no role word)."""
    m = _APPOSITION.search(unit)
    return unit[: m.start()].strip() if m and m.start() > 0 else unit


_ADMIN_BODY = re.compile(
    r"(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|HĐND|Hội\s+đồng\s+nhân\s+dân)\s*$"
)
_ADMIN_LEVELS = frozenset("các tỉnh thành phố huyện xã phường quận thị xã trấn đặc khu cấp và".split())


def _admin_body_length(raw: str, words: list[tuple[int, int, str]]) -> int | None:
    """ "UBND tỉnh Hòa Bình", "Ủy ban nhân dân các xã, phường, đặc khu", "UBND cấp xã": after an
    administrative body come only level words and a proper name; the first other lower-case
    word is the verb ("UBND tỉnh phát động …")."""
    for start_pos, _b, w in words:
        bare = w.rstrip(",;")
        if bare[:1].isupper() or bare[:1].isdigit() or bare in _ADMIN_LEVELS:
            continue
        return start_pos if start_pos > 0 else None
    return None


_NAMED_LIST = re.compile(
    r"^(?:Ủy\s+ban\s+nhân\s+dân\s+|UBND\s+)?[Cc]ác\s+(?:tỉnh|thành\s+phố|Tập\s+đoàn|tập\s+đoàn)(?:,\s*thành\s+phố)?\s*:?\s+(?P<names>[A-ZĐ].*)$"
)


def expand_named_list(unit: str) -> list[str]:
    """ "Các tỉnh Nghệ An, Quảng Ngãi" and "các Tập đoàn: A, B" name their members: the
    members are the units, written as in the text."""
    m = _NAMED_LIST.match(unit)
    if not m:
        return [unit]
    names = [x.strip(" .;:") for x in re.split(r",|\s+và\s+", m.group("names"))]
    if names and all(x[:1].isupper() for x in names):
        return names
    return [unit]


def split_units(text: str) -> list[str]:
    """A list of units written in a field or a table cell ("Phòng Nội vụ; các xã")."""
    text = re.sub(r"\s+", " ", text or "").strip(" .;,-")
    if not text:
        return []
    text = re.sub(
        r"^(?:Giao\s+|Đơn\s+vị\s+|Cơ\s+quan\s+)(?=[A-ZĐ])",
        lambda m: "" if m.group(0).startswith("Giao") else m.group(0),
        text,
    )
    out: list[str] = []
    for part in re.split(
        r"\s*[;\n]\s*|\s*,\s*(?=(?:"
        + HEAD.pattern
        + r"))|\s+và\s+(?=(?:[Cc]ác\s|UBND\s+các|Ủy\s+ban\s+nhân\s+dân\s+các|Phòng|Sở|Văn\s+phòng|Trung\s+tâm|Công\s+an|Thanh\s+tra|Ban\s))",
        text,
    ):
        part = part.strip(" .;,-+•")
        if part:
            out.append(part)
    # "HĐND và UBND" is one name: undo a split right after HĐND
    merged: list[str] = []
    for part in out:
        if merged and _NO_SPLIT_BEFORE_UBND.search(merged[-1]):
            merged[-1] = f"{merged[-1]} và {part}"
        else:
            merged.append(part)
    return merged


_ISSUER = re.compile(
    r"^(?:Chủ\s+tịch\s+|Phó\s+Chủ\s+tịch\s+|Thường\s+trực\s+)?(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|HĐND)"
    r"(?:\s+(?:tỉnh|huyện|thành\s+phố|Thành\s+phố|thị\s+xã|quận|xã|phường|thị\s+trấn))?(?:\s+[A-ZĐ][\wđ]*){0,3}$"
)
_ISSUER_VERBS = re.compile(
    r"\s*(?:có\s+ý\s+kiến|ban\s+hành|xây\s+dựng\s+(?:Kế\s+hoạch|kế\s+hoạch)|thông\s+báo|chỉ\s+đạo\s+như\s+sau|quyết\s+định)"
)
_ASK = re.compile(r"(?<![\wà-ỹđ])(?:yêu\s+cầu|đề\s+nghị|[Gg]iao(?:\s+cho)?|chỉ\s+đạo)\s+", re.I)
_ASK_EXCLUDE_BEFORE = re.compile(r"(?:được|theo|đáp\s+ứng|đúng|các|những|của|có|bàn|nhận|đã)\s*$", re.I)


def is_issuer(unit: str) -> bool:
    return bool(_ISSUER.match(unit)) and not re.search(r"\b(?:các|cấp)\b", unit)


def _ask_object(text: str, limit: int | None = None) -> list[str]:
    for m in _ASK.finditer(text, 0, limit if limit is not None else len(text)):
        before = text[max(0, m.start() - 12) : m.start()]
        if _ASK_EXCLUDE_BEFORE.search(before):
            continue
        if text[m.end() : m.end() + 3] == "của":
            continue
        units, end = unit_phrase(text, m.end())
        units = [u for u in units if not is_issuer(u)]
        if units:
            return _colon_list(units, text[end:])
    return []


def _colon_list(units: list[str], rest: str) -> list[str]:
    """ "các Tập đoàn: A, B …" → the listed members replace the collective word."""
    rest = rest.lstrip()
    if rest.startswith(":") and _COLLECTIVE_END.search(units[-1]):
        names = colon_names(rest[1:])
        if names:
            return [*units[:-1], *names]
    return units


_ADVERBIAL = re.compile(
    r"^(?:Căn\s+cứ|Trên\s+cơ\s+sở|[Vv]ới\s+vai\s+trò|Để|Nhằm|Từ|Định\s+kỳ|H[ằà]ng\s+(?:năm|quý|tháng)|Trước\s+ngày|Chậm\s+nhất|Theo(?!\s+dõi)|Trong|Qua|Sau\s+khi|Thực\s+hiện|Ngoài\s+ra|Đồng\s+thời|Bên\s+cạnh|Đối\s+với\s+(?:những|các)\s+nhiệm\s+vụ|Trường\s+hợp)\b"
)
_TOPIC_UNITS = re.compile(r"^(?P<topic>[^:]{3,160}?):\s*(?P<units>[^:]+?)\s*[.;]?$")
_DOI_VOI = re.compile(r"^Đối\s+với\s+")
_REPORT_OF = re.compile(r"^Báo\s+cáo\b[^.;]{0,160}?\bcủa\s+")


def subject_at(text: str, pos: int = 0) -> tuple[list[str], int]:
    units, end = unit_phrase(text, pos)
    return units, end


_ABOUT = re.compile(r"^Về\s[^:]{3,400}?:\s*")
_COLLECTIVE_END = re.compile(
    r"(?:^|\s)[Cc]ác\s+(?:tỉnh(?:,\s*thành\s+phố)?|thành\s+phố|[Tt]ập\s+đoàn|[Tt]ổng\s+công\s+ty|[Bb]ộ|[Ss]ở|[Nn]gành|đơn\s+vị|cơ\s+quan)$"
)


def _trim_name(chunk: str) -> str:
    keep = proper_name_length(f"Bộ {chunk}")
    return chunk if keep is None else chunk[: max(keep - 3, 0)].strip()


def colon_names(text: str) -> list[str]:
    """The members listed after "các Tập đoàn:", "các tỉnh, thành phố:" — proper names
    separated by "," or "và", up to where the predicate starts."""
    names: list[str] = []
    for chunk in re.split(r",|;|\s+và\s+", text[:400]):
        chunk = chunk.strip()
        if not chunk or not chunk[:1].isupper() or _CAP_VERB.match(chunk) or _STOP.match(chunk.lower()):
            break
        name = _trim_name(chunk)
        if name:
            names.append(name.strip(" ."))
        if name != chunk:
            break
    return names


_ASIDE = re.compile(r"\s*\((?:sau\s+đây|dưới\s+đây|gọi\s+tắt|viết\s+tắt)[^()]{0,160}\)")


def _drop_asides(text: str) -> str:
    """ "(sau đây viết tắt là cơ quan, đơn vị)" defines a short name; it interrupts a list."""
    return _ASIDE.sub("", text) if "(" in text else text


def clause_actor(text: str, *, whole_is_heading: bool = False) -> list[str]:
    """The units a clause's own wording makes the actor (RULES §3 rule 2), or []."""
    t = _drop_asides(text.strip())
    if not t:
        return []
    m = re.match(r"^(?:[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|Chỉ\s+đạo)\s+", t)
    if m:
        units, end = unit_phrase(t, m.end())
        if units:
            return _colon_list(units, t[end:])
    about = _ABOUT.match(t)
    if about:
        # "Về <matter>: Bộ X khẩn trương …" / "…: giao Bộ X chủ trì …" (Thông báo kết luận)
        units = clause_actor(t[about.end() :])
        if units:
            return units
    units, end = subject_at(t)
    if units:
        rest = t[end:]
        listed = _colon_list(units, rest)
        if listed is not units:
            return listed
        if rest.lstrip().startswith("("):  # "Các cơ quan X (Sở A, Ban B):"
            rest = re.sub(r"^\s*\([^()]{0,300}\)", "", rest)
        if is_issuer(units[0]) and len(units) == 1:
            obj = _ask_object(rest, 40)
            if obj:
                return obj
            if _ISSUER_VERBS.match(rest):
                return []
        if (
            rest.strip() == ""
            or rest.lstrip().startswith(":")
            or _STOP.match(rest.lstrip())
            or rest.lstrip()[:1] in ",;."
            or rest.lstrip()[:1].islower()  # the name ended where the predicate starts
            or _CAP_VERB.match(rest.lstrip())
        ):
            return units
    if _DOI_VOI.match(t):
        units, end = unit_phrase(t, _DOI_VOI.match(t).end())
        if units and t[end:].lstrip().startswith((":", ",")):
            return units
    tm = _TOPIC_UNITS.match(t)
    if tm and len(tm.group("units").split()) <= 40:
        parts = split_units(tm.group("units"))
        if parts and all(starts_with_head(p) for p in parts):
            return parts
    first_sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZĐ])", t, maxsplit=1)[0]
    obj = _ask_object(first_sentence)
    if obj:
        return obj
    if _ADVERBIAL.match(first_sentence):
        for sm in re.finditer(r"[,;]\s*", first_sentence):
            units, end = unit_phrase(first_sentence, sm.end())
            if units and not is_issuer(units[0]) and _STOP.match(first_sentence[end:].lstrip() or "x"):
                return units
    rm = _REPORT_OF.match(t)
    if rm:
        units, end = unit_phrase(t, rm.end())
        if units and re.match(r"\s*gửi\b", t[end:]):
            return units
    return []


def heading_units(heading: str) -> list[str]:
    """Units when a heading *is* a unit name ("2.1. Phòng Nội vụ", "5. Phòng Tư pháp có trách
    nhiệm", "1. Giao Sở Nội vụ", "Trách nhiệm của các cơ quan, đơn vị")."""
    h = heading.strip().rstrip(":").strip()
    h = re.sub(
        r"^(?:Giao(?:\s+cho)?\s+|Trách\s+nhiệm\s+(?:của\s+)?|Nhiệm\s+vụ\s+(?:của\s+)?|Đối\s+với\s+)", "", h
    )
    h = re.sub(
        r"\s+(?:có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|thực\s+hiện)(?:\s+(?:sau|như\s+sau))?\s*:?$", "", h
    )
    if not h or len(h.split()) > 30:
        return []
    units, end = unit_phrase(h, 0, allow_relative=False)
    if units and h[end:].strip(" .:;,") == "":
        return units
    if units and _is_name_tail(h[end:]):
        # "Các doanh nghiệp thứ cấp đang hoạt động trong KCN": a heading that is only a noun
        # phrase names its unit whole, descriptive words included
        return [*units[:-1], strip_apposition(f"{units[-1]} {h[end:].strip(' .:;,')}".strip())]
    return []


_HEADING_VERBS = re.compile(
    r"(?<![\wà-ỹđ])(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|triển\s+khai|tham\s+mưu|tổ\s+chức\s+(?:thực|triển)|hướng\s+dẫn"
    r"|báo\s+cáo|rà\s+soát|kiểm\s+tra|theo\s+dõi|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|đề\s+nghị|yêu\s+cầu)(?![\wà-ỹđ])",
    re.I,
)


def _is_name_tail(rest: str) -> bool:
    rest = rest.strip()
    return (
        0 < len(rest.split()) <= 10
        and not re.search(r"[.;:!?]\s*\S", rest)
        and not rest.endswith(".")
        and not _HEADING_VERBS.search(rest)
    )


def lead_in_actor(paragraph: str) -> list[str]:
    """Addressees of a lead-in ("… yêu cầu Thủ trưởng các phòng, Chủ tịch UBND các xã triển
    khai các nội dung sau:"); the sentence ending with ":" is preferred."""
    text = _drop_asides(paragraph.strip())
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐ])", text) if s.strip()]
    ordered = [s for s in sentences if s.rstrip().endswith(":")][::-1] + [
        s for s in sentences[::-1] if not s.rstrip().endswith(":")
    ]
    for sentence in ordered:
        obj = _ask_object(sentence)
        if obj:
            return obj
        units, end = subject_at(sentence)
        if units and not is_issuer(units[0]) and _STOP.match(sentence[end:].lstrip() or "x"):
            return units
        for sm in re.finditer(r"[,;]\s*", sentence):
            units, end = unit_phrase(sentence, sm.end())
            if units and not is_issuer(units[0]) and _STOP.match(sentence[end:].lstrip() or "x"):
                if sentence.rstrip().endswith(":"):
                    return units
    return []


_COOP = re.compile(r"(?<![\wà-ỹđ])[Pp]hối\s+hợp(?:\s+chặt\s+chẽ|\s+tốt)?(?:\s+với)?\s+", re.I)


def cooperating(text: str) -> list[str]:
    """Units after "phối hợp (với)"; "(qua X)" channels and report receivers are not included."""
    out: list[str] = []
    for m in _COOP.finditer(text):
        units, _ = unit_phrase(text, m.end())
        for u in units:
            if u not in out:
                out.append(u)
    return out


_FIELD_ADVERBIAL = re.compile(
    r"(?<![\wà-ỹđ])(?:trong\s+phạm\s+vi|theo\s+(?:chức\s+năng|thẩm\s+quyền|lĩnh\s+vực|nhiệm\s+vụ)|căn\s+cứ|thuộc\s+phạm\s+vi)(?![\wà-ỹđ])"
)


def field_units(value: str) -> list[str]:
    """The units of a field value or a table cell, as written. The value is split like a list
    of units (";", "," or "và" before a new head word); a part that goes on into a verb or an
    aside ("Sở A chủ trì tham mưu …", "các sở, ngành trong phạm vi chức năng …") keeps only
    the unit names it opens with, and the verb's objects that follow are dropped."""
    out: list[str] = []
    after_verb = False
    for part in split_units(_drop_asides(value or "")):
        has_head = bool(starts_with_head(part))
        if _HEADING_VERBS.search(part) or _FIELD_ADVERBIAL.search(part):
            units, _ = unit_phrase(part, 0, strict=False)
            if units:
                out.extend(units)
                after_verb = True
                continue
            if not has_head:
                continue
        if after_verb and not has_head:
            continue
        out.append(strip_apposition(part))
        after_verb = False
    seen: set[str] = set()
    return [u for u in out if not (u in seen or seen.add(u))]


# a sentence ends at "." or ";" before a capital (also used for the closing section's sentences)
SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-ZĐ])")


def further_actors(text: str, known: list[str], *, limit: int = 6) -> list[str]:
    """Actors of the later sentences of one clause ("Bộ A khẩn trương …. Bộ B hoàn thiện …";
    "…; Bộ C hướng dẫn …"): each sentence that opens with a unit as its subject adds that unit
    (RULES §3 rule 2 for every action of the clause). Issuers and known units are skipped."""
    out: list[str] = []
    keys = {u.casefold() for u in known}
    for sentence in SENTENCE_BREAK.split(text[:4000])[1:]:
        start = 0
        if _ADVERBIAL.match(sentence):  # "Để …, Ủy ban nhân dân tỉnh X phối hợp …"
            comma = sentence.find(",", 0, 300)
            start = comma + 1 if comma > 0 else len(sentence)
        units: list[str] = []
        found, end = unit_phrase(sentence, start)
        rest = sentence[end:].lstrip()
        if found and rest[:1].islower() and not _STOP_NOT_ACTION.match(rest):
            units = found
        for u in units:
            if u.casefold() not in keys and not is_issuer(u):
                keys.add(u.casefold())
                out.append(u)
        if len(out) >= limit:
            break
    return out


# a unit followed by these is described, not told to act
_STOP_NOT_ACTION = re.compile(r"(?:đã|là|được|có\s+(?!trách\s+nhiệm))\b")
