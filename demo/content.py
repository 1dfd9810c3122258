"""Deterministic Vietnamese demo content: sections, topics and Party documents (the news is
in ``demo/news.py``).

Everything is drawn from a seeded ``random.Random`` so a given index always gives
the same title and body: that is what makes ``seed_demo`` idempotent.
"""

import datetime
import random
from dataclasses import dataclass, field

from demo import story

SECTIONS = [
    "Hoạt động của Ban Chấp hành Đảng bộ tỉnh",
    "Hoạt động của Ban Thường vụ Tỉnh ủy",
    "Hoạt động của Thường trực Tỉnh ủy",
    "Xây dựng Đảng",
    "Tin hoạt động cơ sở",
]

# Topics (chuyên đề): the current ones first. Congress and anniversary titles come from the
# demo's calendar (demo/story.py), so their numbers and years agree.
TOPIC_CONGRESSES_2025 = story.provincial_congress("I")
TOPIC_CONGRESSES_2020 = "Đại hội Đảng bộ các cấp và " + story.provincial_congress("XI")
TOPIC_XIV = "Đại hội XIV của Đảng"
TOPIC_REORGANISATION = "Sắp xếp tổ chức bộ máy, vận hành chính quyền địa phương hai cấp"
# Anniversaries with a topic of their own: (key in demo.story.ANNIVERSARIES, year).
ANNIVERSARY_TOPICS = [("august-revolution", 2025), ("august-revolution", 2020)]


def anniversary_topic(key: str, year: int) -> str:
    """The topic of an anniversary ("Kỷ niệm 80 năm Cách mạng Tháng Tám…"), or ""."""
    return f"Kỷ niệm {story.anniversary(key, year)}" if (key, year) in ANNIVERSARY_TOPICS else ""


TOPICS = [
    (TOPIC_CONGRESSES_2025, True),
    (TOPIC_XIV, True),
    (TOPIC_REORGANISATION, True),
    ("Phát triển kinh tế - xã hội", True),
    ("An sinh xã hội", True),
    ("Xây dựng nông thôn mới", True),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", True),
    ("Bảo vệ nền tảng tư tưởng của Đảng", True),
    (TOPIC_CONGRESSES_2020, False),
    *((anniversary_topic(key, year), False) for key, year in ANNIVERSARY_TOPICS),
]

DOCUMENT_TYPES = [
    ("Nghị quyết", "NQ"),
    ("Chỉ thị", "CT"),
    ("Kết luận", "KL"),
    ("Quyết định", "QĐ"),
    ("Quy định", "QĐi"),
    ("Quy chế", "QC"),
    ("Hướng dẫn", "HD"),
    ("Kế hoạch", "KH"),
    ("Chương trình", "CTr"),
    ("Thông báo", "TB"),
    ("Báo cáo", "BC"),
    ("Tờ trình", "TTr"),
    ("Thông tri", "TT"),
    ("Công văn", "CV"),
    ("Đề án", "ĐA"),
]

FIELDS = [
    "Xây dựng Đảng",
    "Chính trị - tư tưởng",
    "Kinh tế - xã hội",
    "Quốc phòng - an ninh",
    "Dân vận",
    "Kiểm tra, giám sát",
    "Nội chính, phòng chống tham nhũng",
]

# (name, start, end, central?)
TERMS = [
    ("Ban Chấp hành Trung ương khóa XI (2011–2016)", "2011-01-19", "2016-01-27", True),
    ("Ban Chấp hành Trung ương khóa XII (2016–2021)", "2016-01-28", "2021-01-31", True),
    ("Ban Chấp hành Trung ương khóa XIII (2021–2026)", "2021-02-01", "2026-01-22", True),
    ("Đảng bộ tỉnh Tây Ninh nhiệm kỳ 2010–2015", "2010-10-01", "2015-10-14", False),
    ("Đảng bộ tỉnh Tây Ninh nhiệm kỳ 2015–2020", "2015-10-15", "2020-10-16", False),
    ("Đảng bộ tỉnh Tây Ninh nhiệm kỳ 2020–2025", "2020-10-17", "2025-06-30", False),
]


@dataclass
class DocumentSpec:
    number: int
    type_code: str
    issuer: str  # org-chart key of the issuing unit, or a key of demo.documents.CENTRAL_ISSUERS
    issue_date: datetime.date
    summary: str
    signer_title: str
    signer_name: str
    authority: str
    unit: str  # org-chart key of the unit whose subtree holds the page
    co_issuers: list = field(default_factory=list)
    topics: list = field(default_factory=list)
    implements: list = field(default_factory=list)  # number-symbols
    field_name: str = "Xây dựng Đảng"
    place: str = "Tây Ninh"
    body: list = field(default_factory=list)
    mirrored: bool = False
    signing_body: str = ""  # T/M <body>, K/T <head> (articles.signing)
    replaces: list = field(default_factory=list)  # number-symbols, like implements
    amends: list = field(default_factory=list)
    supplements: list = field(default_factory=list)
    repeals: list = field(default_factory=list)


# The real documents DOMAIN.md names, mirrored in the Provincial Committee's subtree.
REAL_DOCUMENTS = [
    DocumentSpec(
        35,
        "NQ",
        "BCT",
        datetime.date(2018, 10, 22),
        "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm "
        "sai trái, thù địch trong tình hình mới",
        "Tổng Bí thư",
        "Nguyễn Phú Trọng",
        "T/M",
        "tinh-uy",
        signing_body="Bộ Chính trị",
        topics=["Bảo vệ nền tảng tư tưởng của Đảng"],
        field_name="Chính trị - tư tưởng",
        place="Hà Nội",
        mirrored=True,
        body=[
            "Bảo vệ nền tảng tư tưởng của Đảng là bảo vệ chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí "
            "Minh, Cương lĩnh chính trị, đường lối của Đảng; kiên định mục tiêu độc lập dân tộc "
            "gắn liền với chủ nghĩa xã hội.",
            "Đấu tranh phản bác các quan điểm sai trái, thù địch là nhiệm vụ quan trọng, sống "
            "còn của toàn Đảng, toàn dân, toàn quân; kết hợp chặt chẽ giữa xây và chống, lấy xây "
            "là chính, chống phải có lý lẽ thuyết phục.",
            "Phát huy vai trò của lực lượng nòng cốt, chủ động đấu tranh trên không gian mạng, "
            "kịp thời cung cấp thông tin chính thống, định hướng dư luận xã hội.",
        ],
    ),
    DocumentSpec(
        5,
        "CT",
        "BCT",
        datetime.date(2016, 5, 15),
        "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Tổng Bí thư",
        "Nguyễn Phú Trọng",
        "T/M",
        "tinh-uy",
        signing_body="Bộ Chính trị",
        topics=["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"],
        field_name="Chính trị - tư tưởng",
        place="Hà Nội",
        mirrored=True,
        body=[
            "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh là nội dung quan "
            "trọng, thường xuyên của công tác xây dựng Đảng, gắn với việc thực hiện Nghị quyết "
            "Trung ương 4 khóa XII.",
            "Người đứng đầu cấp ủy, cơ quan, đơn vị phải nêu gương, đi đầu trong việc học tập và "
            "làm theo Bác; đưa việc làm theo thành việc làm tự giác, thường xuyên.",
        ],
    ),
    DocumentSpec(
        18,
        "NQ",
        "TW",
        datetime.date(2017, 10, 25),
        "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh "
        "gọn, hoạt động hiệu lực, hiệu quả",
        "Tổng Bí thư",
        "Nguyễn Phú Trọng",
        "T/M",
        "tinh-uy",
        signing_body="Ban Chấp hành Trung ương",  # Hội nghị Trung ương 6 khóa XII
        field_name="Xây dựng Đảng",
        place="Hà Nội",
        mirrored=True,
        body=[
            "Đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn, hoạt động hiệu "
            "lực, hiệu quả là nhiệm vụ đặc biệt quan trọng, có ý nghĩa chính trị to lớn.",
            "Giảm mạnh đầu mối bên trong, giảm cấp trung gian, gắn với tinh giản biên chế và cơ "
            "cấu lại đội ngũ cán bộ, công chức, viên chức.",
        ],
    ),
    DocumentSpec(
        138,
        "KH",
        "tinh-uy",
        datetime.date(2015, 7, 16),
        "Về ứng dụng công nghệ thông tin trong hoạt động của các cơ quan Đảng tỉnh Tây Ninh, "
        "trong đó có xây dựng Cổng thông tin điện tử Đảng bộ tỉnh",
        "Phó Bí thư Thường trực Tỉnh ủy",
        "Trần Thị Minh Hà",
        "T/M",
        "tinh-uy",
        signing_body="Ban Thường vụ",
        field_name="Xây dựng Đảng",
        body=[
            "Từng bước hiện đại hóa hạ tầng công nghệ thông tin của các cơ quan Đảng, bảo đảm "
            "an toàn, an ninh thông tin; xây dựng Cổng thông tin điện tử Đảng bộ tỉnh kết nối "
            "với Báo điện tử Đảng Cộng sản Việt Nam.",
            "Văn phòng Tỉnh ủy chủ trì, phối hợp với các ban xây dựng đề án, lộ trình triển khai "
            "và báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện hằng năm.",
        ],
    ),
]

# Local documents implementing central ones, plus routine documents of each unit.
DOC_SUBJECTS = [
    (
        "NQ",
        "Về lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh năm {year}",
        "Kinh tế - xã hội",
    ),
    (
        "KH",
        "Thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng",
        "Chính trị - tư tưởng",
    ),
    (
        "KH",
        "Thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {year}",
        "Chính trị - tư tưởng",
    ),
    (
        "CT",
        "Về tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác phòng, chống tham nhũng, tiêu cực",
        "Nội chính, phòng chống tham nhũng",
    ),
    (
        "KH",
        "Tổ chức Đại hội Đảng bộ các cấp tiến tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XI, nhiệm kỳ 2020–2025",
        "Xây dựng Đảng",
    ),
    ("HD", "Công tác chuẩn bị nhân sự cấp ủy nhiệm kỳ 2020–2025", "Xây dựng Đảng"),
    (
        "CTr",
        "Hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI",
        "Kinh tế - xã hội",
    ),
    (
        "KL",
        "Của Ban Thường vụ Tỉnh ủy về tình hình thực hiện xây dựng nông thôn mới giai đoạn 2016–2020",
        "Kinh tế - xã hội",
    ),
    (
        "BC",
        "Sơ kết công tác xây dựng Đảng 6 tháng đầu năm {year}, phương hướng nhiệm vụ 6 tháng cuối năm",
        "Xây dựng Đảng",
    ),
    (
        "TB",
        "Kết luận của Thường trực Tỉnh ủy tại buổi làm việc về công tác an sinh xã hội",
        "Kinh tế - xã hội",
    ),
    (
        "QĐ",
        "Ban hành Quy chế làm việc của Ban Chấp hành Đảng bộ nhiệm kỳ 2020–2025",
        "Xây dựng Đảng",
    ),
    ("KH", "Kiểm tra, giám sát của cấp ủy năm {year}", "Kiểm tra, giám sát"),
    (
        "HD",
        "Thực hiện công tác dân vận của cơ quan nhà nước, chính quyền các cấp năm {year}",
        "Dân vận",
    ),
    (
        "CT",
        "Về lãnh đạo công tác tuyển chọn, gọi công dân nhập ngũ năm {year}",
        "Quốc phòng - an ninh",
    ),
    (
        "KH",
        "Tuyên truyền kỷ niệm {august_revolution}",
        "Chính trị - tư tưởng",
    ),
    (
        "NQ",
        "Về xây dựng tổ chức cơ sở đảng trong sạch, vững mạnh giai đoạn 2021–2025",
        "Xây dựng Đảng",
    ),
    ("BC", "Tổng kết công tác năm {year}, phương hướng nhiệm vụ năm {next_year}", "Xây dựng Đảng"),
    ("ĐA", "Nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2021–2025", "Xây dựng Đảng"),
    (
        "TT",
        "Về việc tổ chức lấy ý kiến đóng góp vào dự thảo các văn kiện trình Đại hội",
        "Xây dựng Đảng",
    ),
    (
        "CV",
        "Về việc triển khai ứng dụng công nghệ thông tin trong hoạt động của cơ quan Đảng",
        "Xây dựng Đảng",
    ),
]

# (title, name, authority, on whose behalf: Hướng dẫn 36-HD/VPTW)
SIGNERS = {
    "tinh-uy": ("Phó Bí thư Thường trực Tỉnh ủy", "Trần Thị Minh Hà", "T/M", "Ban Thường vụ"),
    "van-phong": ("Chánh Văn phòng", "Phạm Văn Hòa", "", ""),
    "ban-to-chuc": ("Trưởng Ban", "Võ Thị Thu Hương", "", ""),
    "ban-tuyen-giao": ("Trưởng Ban", "Đặng Minh Đức", "", ""),
    "ban-dan-van": ("Phó Trưởng Ban", "Nguyễn Thị Thanh Tâm", "K/T", "Trưởng Ban"),
    "uy-ban-kiem-tra": ("Chủ nhiệm", "Nguyễn Hữu Phước", "T/M", "Ủy ban Kiểm tra"),
}
COMMITTEE_SIGNER = ("Bí thư", "Nguyễn Văn Nam", "T/M", "Ban Thường vụ")
# Staff departments (Quy định 66-QĐ/TW): they do not issue the committee's own types, nor
# its working rules; those documents are the committee's.
STAFF_ISSUERS = ("van-phong", "ban-to-chuc", "ban-tuyen-giao", "ban-dan-van", "uy-ban-kiem-tra")
COMMITTEE_TYPES = ("NQ", "CT", "KL", "TT")
IMPLEMENTED_SINCE = {
    "35-NQ/TW": datetime.date(2018, 10, 22),
    "05-CT/TW": datetime.date(2016, 5, 15),
}
# Archived on 30/6/2025 (units/orgcharts/tay-ninh-2025.yaml): nothing issued after it.
ENDED_AT_REORGANISATION = {
    "ban-tuyen-giao",
    "ban-dan-van",
    "huyen-uy-go-dau",
    "thanh-uy-tay-ninh",
    "huyen-uy-tan-bien",
    "thi-uy-hoa-thanh",
}
DOC_ISSUERS = [
    "tinh-uy",
    "tinh-uy",
    "tinh-uy",
    "ban-to-chuc",
    "ban-tuyen-giao",
    "ban-dan-van",
    "uy-ban-kiem-tra",
    "van-phong",
    "huyen-uy-go-dau",
    "thanh-uy-tay-ninh",
    "huyen-uy-tan-bien",
    "thi-uy-hoa-thanh",
]

DOC_PARAGRAPHS = [
    "Các cấp ủy, tổ chức đảng tổ chức quán triệt sâu rộng nội dung văn bản đến cán bộ, đảng "
    "viên; xây dựng chương trình, kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian.",
    "Người đứng đầu cấp ủy chịu trách nhiệm trực tiếp trước Ban Thường vụ về kết quả triển "
    "khai thực hiện tại địa phương, cơ quan, đơn vị mình.",
    "Định kỳ sáu tháng, các đơn vị báo cáo kết quả thực hiện về Văn phòng Tỉnh ủy để tổng hợp, "
    "tham mưu Ban Thường vụ Tỉnh ủy chỉ đạo.",
    "Ủy ban Kiểm tra các cấp tăng cường kiểm tra, giám sát việc chấp hành, kịp thời chấn chỉnh "
    "những hạn chế, thiếu sót trong quá trình tổ chức thực hiện.",
    "Ban Tuyên giáo chủ trì, phối hợp với các cơ quan báo chí đẩy mạnh tuyên truyền, tạo sự "
    "đồng thuận trong cán bộ, đảng viên và các tầng lớp nhân dân.",
    "Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội vận động đoàn viên, hội viên tích cực "
    "hưởng ứng, tham gia giám sát việc thực hiện ở cơ sở.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách theo phân cấp hiện hành và các nguồn "
    "huy động hợp pháp khác.",
]


def generated_document_specs(count: int) -> list[DocumentSpec]:
    """``count`` routine documents, numbered per (type, issuer, term) like real registers."""
    specs, numbers = [], {}
    for index in range(count):
        rng = random.Random(f"document-{index}")
        type_code, subject, field_name = DOC_SUBJECTS[index % len(DOC_SUBJECTS)]
        issuer = DOC_ISSUERS[rng.randrange(len(DOC_ISSUERS))]
        if issuer in STAFF_ISSUERS and (type_code in COMMITTEE_TYPES or "Ban Chấp hành" in subject):
            issuer = "tinh-uy"
        year = 2016 + index * 10 // max(count, 1)
        issue_date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 360))
        if issuer in ENDED_AT_REORGANISATION and issue_date >= story.REORGANISATION:
            # That committee ended on 30/6/2025: its document is from the year before.
            issue_date = issue_date.replace(year=2024)
            year = issue_date.year
        term = "2015–2020" if issue_date < datetime.date(2020, 10, 17) else "2020–2025"
        key = (type_code, issuer, term)
        numbers[key] = numbers.get(key, 0) + rng.randrange(1, 4)  # secret documents leave gaps
        title, name, authority, signing_body = SIGNERS.get(issuer, COMMITTEE_SIGNER)
        # A plan implements a document issued before it, never after.
        implements = [
            symbol
            for symbol, issued in IMPLEMENTED_SINCE.items()
            if symbol in subject and issue_date >= issued
        ]
        co_issuers = (
            ["ban-dan-van"] if issuer == "ban-to-chuc" and type_code in ("HD", "KH") else []
        )
        specs.append(
            DocumentSpec(
                number=numbers[key],
                type_code=type_code,
                issuer=issuer,
                co_issuers=co_issuers,
                issue_date=issue_date,
                summary=subject.format(
                    year=year,
                    next_year=year + 1,
                    august_revolution=story.anniversary("august-revolution", year),
                ),
                signer_title=title,
                signer_name=name,
                authority=authority,
                signing_body=signing_body,
                unit=issuer,
                implements=implements,
                field_name=field_name,
                topics=[t for t, _ in TOPICS if any(w in subject for w in t.split(" và ")[:1])][:1],
                body=rng.sample(DOC_PARAGRAPHS, k=4),
            )
        )
    return specs


def term_name_for(issue_date: datetime.date, central: bool) -> str:
    for name, start, end, is_central in TERMS:
        if is_central == central and (
            datetime.date.fromisoformat(start) <= issue_date <= datetime.date.fromisoformat(end)
        ):
            return name
    return TERMS[-1][0] if not central else TERMS[2][0]
