"""Deterministic demo news, drawn against the demo's calendar (``demo/story.py``).

Each story says who publishes it (the province, a department, a committee, or named units),
when it can happen (a window, months of the year, an anniversary, a congress or a
conference) and what it is filed under (the Tỉnh ủy's section, a topic, tags, the kind of
photo). An index always gives the same article (``random.Random(f"article-{index}")``):
that is what keeps ``seed_demo`` idempotent. A unit publishes only while it exists, so the
committees that ended on 30/6/2025 keep their history and nothing after.
"""

import datetime
import random
from dataclasses import dataclass, field

from demo import story
from demo.content import (
    TOPIC_CONGRESSES_2020,
    TOPIC_CONGRESSES_2025,
    TOPIC_REORGANISATION,
    TOPIC_XIV,
    anniversary_topic,
)

D = datetime.date

BCH = "Hoạt động của Ban Chấp hành Đảng bộ tỉnh"
BTV = "Hoạt động của Ban Thường vụ Tỉnh ủy"
TT = "Hoạt động của Thường trực Tỉnh ủy"
XDD = "Xây dựng Đảng"
NQ35 = "Bảo vệ nền tảng tư tưởng của Đảng"
HCM = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
ECONOMY = "Phát triển kinh tế - xã hội"
WELFARE = "An sinh xã hội"
RURAL = "Xây dựng nông thôn mới"


@dataclass(frozen=True)
class Story:
    title: str  # format fields: see Newsroom.values
    owners: str | tuple  # a role (demo.story.KIND_ROLES, ROLE_GROUPS) or org keys
    section: str | None = None  # the Tỉnh ủy's section, for its own news
    topic: str | None = None
    tags: tuple = ()
    photo: str = "meeting"  # the theme of the pictures (seed_demo's IMAGES)
    window: tuple = (story.STORY_START, story.STORY_END)
    months: tuple = ()  # months of the year it falls in
    anchor: str | None = None  # an anniversary (demo.story.ANNIVERSARIES): the days before it
    event: str = ""  # "congress", "congress-visit", "conference", "two-level"
    rural: bool = False  # not for wards (phường)
    # How often it is drawn; 0: a milestone of the province, told once (once a year for an
    # anniversary, once per conference), at every MILESTONE_EVERY-th index.
    weight: int = 3


MILESTONE_EVERY = 4


STORIES = [
    # The Provincial Executive Committee's conferences, numbered in date order per term.
    Story(
        "{conference} {conference_subject}",
        "province",
        BCH,
        ECONOMY,
        ("Hội nghị Tỉnh ủy",),
        event="conference",
        weight=0,
    ),
    # The provincial congresses and the national one.
    Story(
        "Khai mạc {provincial_congress}",
        "province",
        BCH,
        TOPIC_CONGRESSES_2020,
        ("Đại hội Đảng",),
        "congress",
        window=(D(2020, 10, 14), D(2020, 10, 14)),
        weight=0,
    ),
    Story(
        "Bế mạc {provincial_congress}",
        "province",
        BCH,
        TOPIC_CONGRESSES_2020,
        ("Đại hội Đảng",),
        "congress",
        window=(D(2020, 10, 16), D(2020, 10, 16)),
        weight=0,
    ),
    Story(
        "Khai mạc {provincial_congress}",
        "province",
        BCH,
        TOPIC_CONGRESSES_2025,
        ("Đại hội Đảng",),
        "congress",
        window=(D(2025, 10, 8), D(2025, 10, 8)),
        weight=0,
    ),
    Story(
        "{provincial_congress} thành công tốt đẹp",
        "province",
        BCH,
        TOPIC_CONGRESSES_2025,
        ("Đại hội Đảng",),
        "congress",
        window=(D(2025, 10, 10), D(2025, 10, 10)),
        weight=0,
    ),
    Story(
        "Cán bộ, đảng viên tỉnh Tây Ninh hướng về Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "province",
        XDD,
        TOPIC_XIV,
        ("Đại hội XIV",),
        window=(D(2026, 1, 12), D(2026, 1, 22)),
        weight=0,
    ),
    Story(
        "Hội nghị học tập, quán triệt, triển khai thực hiện Nghị quyết Đại hội XIV của Đảng",
        "province",
        XDD,
        TOPIC_XIV,
        ("Đại hội XIV", "Học tập nghị quyết"),
        window=(D(2026, 2, 25), D(2026, 3, 20)),
        weight=0,
    ),
    # The 2025 reorganisation.
    Story(
        "Công bố các nghị quyết, quyết định của Trung ương về hợp nhất tỉnh Tây Ninh và tỉnh "
        "Long An, thành lập Đảng bộ tỉnh Tây Ninh",
        "province",
        BCH,
        TOPIC_REORGANISATION,
        ("Sắp xếp bộ máy",),
        "ceremony",
        window=(D(2025, 6, 30), D(2025, 6, 30)),
        weight=0,
    ),
    Story(
        "Ban Thường vụ Tỉnh ủy đánh giá {months_since} tháng vận hành mô hình chính quyền "
        "địa phương hai cấp",
        "province",
        BTV,
        TOPIC_REORGANISATION,
        ("Chính quyền địa phương hai cấp",),
        event="two-level",
        weight=2,
    ),
    # The Standing Committee and the Standing Board.
    Story(
        "Ban Thường vụ Tỉnh ủy làm việc với Ban Thường vụ {subject} về công tác xây dựng "
        "Đảng năm {year}",
        "province",
        BTV,
        None,
        ("Công tác xây dựng Đảng",),
    ),
    Story(
        "Ban Thường vụ Tỉnh ủy cho ý kiến về tình hình kinh tế - xã hội tháng {month}/{year}",
        "province",
        BTV,
        ECONOMY,
        ("Kinh tế - xã hội",),
    ),
    Story(
        "Thường trực Tỉnh ủy kiểm tra công tác chuẩn bị {congress}",
        "province",
        TT,
        None,
        ("Đại hội Đảng", "Công tác chuẩn bị đại hội"),
        "field",
        event="congress-visit",
    ),
    Story(
        "Đoàn công tác của Tỉnh ủy thăm, chúc Tết gia đình chính sách tại {subject_place}",
        "province",
        TT,
        WELFARE,
        ("Tết Nguyên đán", "Gia đình chính sách"),
        "welfare",
        months=(1,),
    ),
    Story(
        "Lễ kỷ niệm {anniversary}",
        "province",
        XDD,
        None,
        ("Ngày thành lập Đảng",),
        "ceremony",
        anchor="party",
        weight=0,
    ),
    Story(
        "Mít tinh kỷ niệm {anniversary}",
        "province",
        TT,
        "{anniversary_topic}",
        ("Quốc khánh 2/9",),
        "ceremony",
        anchor="august-revolution",
        weight=0,
    ),
    # The departments.
    Story(
        "{unit} tổ chức hội nghị báo cáo viên tháng {month}/{year}",
        ("ban-tuyen-giao", "ban-tuyen-giao-dan-van"),
        None,
        None,
        ("Hội nghị báo cáo viên",),
    ),
    Story(
        "{unit} tập huấn lực lượng nòng cốt đấu tranh phản bác quan điểm sai trái, thù địch "
        "trên không gian mạng",
        ("ban-tuyen-giao", "ban-tuyen-giao-dan-van"),
        None,
        NQ35,
        ("Nghị quyết 35-NQ/TW", "Không gian mạng"),
        "training",
    ),
    Story(
        "{unit} hướng dẫn xây dựng mô hình “Dân vận khéo” năm {year}",
        ("ban-dan-van", "ban-tuyen-giao-dan-van"),
        None,
        None,
        ("Dân vận khéo",),
    ),
    Story(
        "{unit} tập huấn nghiệp vụ công tác tổ chức xây dựng Đảng năm {year}",
        ("ban-to-chuc",),
        None,
        None,
        ("Công tác tổ chức",),
        "training",
    ),
    Story(
        "{unit} triển khai chương trình kiểm tra, giám sát năm {year}",
        ("uy-ban-kiem-tra",),
        None,
        None,
        ("Kiểm tra, giám sát",),
        months=(1, 2),
    ),
    Story(
        "{unit} khai giảng lớp trung cấp lý luận chính trị năm {year}",
        ("truong-chinh-tri",),
        None,
        None,
        ("Lý luận chính trị",),
        "training",
        months=(3, 9),
    ),
    Story(
        "{unit} sơ kết công tác phòng, chống tham nhũng, lãng phí, tiêu cực 6 tháng đầu năm {year}",
        ("ban-noi-chinh",),
        None,
        None,
        ("Phòng, chống tham nhũng",),
        months=(6, 7),
    ),
    Story(
        "{unit} tập huấn chuyển đổi số trong các cơ quan Đảng",
        ("van-phong",),
        None,
        None,
        ("Chuyển đổi số",),
        "training",
    ),
    # The committees: congresses, resolutions, anniversaries, routine.
    Story(
        "{congress} thành công tốt đẹp",
        "committee",
        None,
        "{congress_topic}",
        ("Đại hội Đảng",),
        "congress",
        event="congress",
        weight=5,
    ),
    Story(
        "{unit} quán triệt, triển khai Nghị quyết 35-NQ/TW của Bộ Chính trị về bảo vệ nền "
        "tảng tư tưởng của Đảng",
        "committee",
        None,
        NQ35,
        ("Nghị quyết 35-NQ/TW",),
        window=(D(2018, 1, 8), D(2019, 6, 30)),
    ),
    Story(
        "{unit} sơ kết 5 năm thực hiện Nghị quyết 35-NQ/TW của Bộ Chính trị",
        "committee",
        None,
        NQ35,
        ("Nghị quyết 35-NQ/TW",),
        window=(D(2023, 6, 1), D(2023, 10, 31)),
    ),
    Story(
        "{unit} tuyên dương điển hình học tập và làm theo Bác năm {year}",
        "committee",
        None,
        HCM,
        ("Học tập và làm theo Bác",),
        "ceremony",
        anchor="ho-chi-minh",
    ),
    Story(
        "{unit} trao Huy hiệu Đảng cho đảng viên nhân kỷ niệm {anniversary}",
        "committee",
        None,
        None,
        ("Huy hiệu Đảng",),
        "ceremony",
        anchor="party",
    ),
    Story(
        "{unit} tổ chức kỷ niệm {anniversary}",
        "local",
        None,
        None,
        ("Ngày truyền thống",),
        "ceremony",
        anchor="liberation",
        weight=2,
    ),
    Story(
        "{unit} tổ chức lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",
        "committee",
        None,
        None,
        ("Phát triển đảng viên",),
        "training",
    ),
    Story(
        "{unit} triển khai nhiệm vụ kiểm tra, giám sát năm {year}",
        "committee",
        None,
        None,
        ("Kiểm tra, giám sát",),
        months=(1, 2, 3),
    ),
    Story(
        "{unit} tổng kết công tác xây dựng Đảng năm {year}, triển khai nhiệm vụ năm {next_year}",
        "committee",
        None,
        None,
        ("Tổng kết năm",),
        months=(12,),
    ),
    Story(
        "{unit} phát động phong trào thi đua yêu nước năm {year}",
        "committee",
        None,
        None,
        ("Thi đua yêu nước",),
        "ceremony",
        months=(1, 2, 3),
    ),
    Story(
        "{unit} góp ý dự thảo các văn kiện trình Đại hội XIII của Đảng",
        "committee",
        None,
        TOPIC_CONGRESSES_2020,
        ("Đại hội XIII", "Góp ý văn kiện"),
        window=(D(2020, 9, 1), D(2020, 11, 30)),
    ),
    Story(
        "{unit} góp ý dự thảo các văn kiện trình Đại hội XIV của Đảng",
        "committee",
        None,
        TOPIC_XIV,
        ("Đại hội XIV", "Góp ý văn kiện"),
        window=(D(2025, 5, 1), D(2025, 11, 15)),
    ),
    Story(
        "{unit} học tập, quán triệt Nghị quyết Đại hội XIV của Đảng",
        "committee",
        None,
        TOPIC_XIV,
        ("Đại hội XIV", "Học tập nghị quyết"),
        window=(D(2026, 2, 25), D(2026, 5, 31)),
    ),
    Story(
        "{unit} đối thoại với nhân dân về giải quyết thủ tục hành chính",
        "local",
        None,
        None,
        ("Cải cách hành chính", "Đối thoại với nhân dân"),
    ),
    Story(
        "{unit} trao tặng nhà đại đoàn kết cho hộ nghèo, hộ có hoàn cảnh khó khăn",
        "local",
        None,
        WELFARE,
        ("Nhà đại đoàn kết",),
        "welfare",
    ),
    Story(
        "{unit} đẩy mạnh xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
        "local",
        None,
        RURAL,
        ("Nông thôn mới",),
        "field",
        rural=True,
    ),
    Story(
        "{unit} ra quân hỗ trợ người dân sản xuất vụ {season}",
        "local",
        None,
        RURAL,
        ("Nông nghiệp", "Dân vận khéo"),
        "field",
        rural=True,
    ),
    # The end of the district level and the first months of the communes and wards.
    Story(
        "{unit} tổng kết hoạt động của Đảng bộ cấp huyện, bàn giao hồ sơ, tài liệu",
        "district",
        None,
        TOPIC_REORGANISATION,
        ("Sắp xếp bộ máy",),
        window=(D(2025, 6, 10), D(2025, 6, 28)),
        weight=2,
    ),
    Story(
        "Công bố quyết định thành lập {organisation}, chỉ định Ban Chấp hành, Ban Thường vụ",
        "commune",
        None,
        TOPIC_REORGANISATION,
        ("Sắp xếp bộ máy",),
        "ceremony",
        window=(D(2025, 7, 1), D(2025, 7, 1)),
        weight=2,
    ),
    Story(
        "{unit} sau {months_since} tháng vận hành chính quyền địa phương hai cấp",
        "commune",
        None,
        TOPIC_REORGANISATION,
        ("Chính quyền địa phương hai cấp",),
        event="two-level",
    ),
]
FALLBACK = Story(
    "Ban Thường vụ Tỉnh ủy cho ý kiến về tình hình kinh tế - xã hội tháng {month}/{year}",
    "province",
    BTV,
    ECONOMY,
    ("Kinh tế - xã hội",),
)

OPENINGS = {
    "meeting": [
        "{when} {day}, {unit} tổ chức hội nghị với sự tham dự của đông đảo cán bộ, đảng viên. "
        "Dự hội nghị có đại diện lãnh đạo các ban xây dựng Đảng của Tỉnh ủy.",
        "{when} {day}, tại hội trường {unit}, đã diễn ra hội nghị nhằm đánh giá kết quả thực "
        "hiện nhiệm vụ chính trị và triển khai phương hướng thời gian tới.",
    ],
    "congress": [
        "{when} {day}, {unit} tổ chức đại hội với sự tham dự của các đại biểu chính thức, đại "
        "diện cho ý chí, trí tuệ của cán bộ, đảng viên trong toàn Đảng bộ.",
    ],
    "ceremony": [
        "{when} {day}, {unit} long trọng tổ chức buổi lễ với sự tham dự của lãnh đạo, cán bộ, "
        "đảng viên và đông đảo nhân dân trên địa bàn.",
    ],
    "field": [
        "{when} {day}, {unit} phối hợp với chính quyền, Mặt trận Tổ quốc và các đoàn thể chính "
        "trị - xã hội đi kiểm tra, làm việc tại cơ sở.",
    ],
    "welfare": [
        "{when} {day}, {unit} phối hợp với Ủy ban Mặt trận Tổ quốc thăm hỏi, trao quà, hỗ trợ "
        "các gia đình chính sách, hộ có hoàn cảnh khó khăn trên địa bàn.",
    ],
    "training": [
        "{when} {day}, {unit} khai mạc lớp bồi dưỡng với sự tham gia của đông đảo học viên là "
        "cán bộ, đảng viên các cơ quan, đơn vị.",
    ],
}
# When the event took place, and the hours (local time) the news is published that day.
WHEN = [("Sáng", 10, 13), ("Chiều", 16, 20), ("Ngày", 8, 21)]

PARAGRAPHS = [
    "Phát biểu chỉ đạo, đồng chí lãnh đạo đề nghị các cấp ủy tiếp tục đổi mới phương thức lãnh "
    "đạo, nâng cao năng lực cầm quyền của Đảng, phát huy vai trò tiên phong, gương mẫu của cán "
    "bộ, đảng viên.",
    "Theo báo cáo, trong thời gian qua, công tác xây dựng, chỉnh đốn Đảng được quan tâm thực "
    "hiện; chất lượng sinh hoạt chi bộ từng bước được nâng lên, nhiều mô hình hay, cách làm hiệu "
    "quả được nhân rộng.",
    "Tốc độ tăng trưởng kinh tế đạt khá, thu ngân sách vượt dự toán; các chính sách an sinh xã "
    "hội được triển khai kịp thời, đời sống vật chất và tinh thần của nhân dân tiếp tục được cải "
    "thiện.",
    "Bên cạnh kết quả đạt được, hội nghị cũng chỉ ra một số hạn chế như công tác phối hợp có "
    "lúc chưa chặt chẽ, việc cụ thể hóa nghị quyết ở một số cơ sở còn chậm.",
    "Hội nghị thống nhất các giải pháp trọng tâm: tăng cường kiểm tra, giám sát; đẩy mạnh cải "
    "cách hành chính; chăm lo xây dựng đội ngũ cán bộ có đủ phẩm chất, năng lực, uy tín.",
    "Dịp này, nhiều tập thể, cá nhân có thành tích xuất sắc được biểu dương, khen thưởng, góp "
    "phần lan tỏa tinh thần thi đua trong toàn Đảng bộ.",
    "Các đại biểu tập trung thảo luận, đóng góp nhiều ý kiến tâm huyết, thiết thực, sát với "
    "tình hình thực tiễn của địa phương, cơ quan, đơn vị.",
    "Công tác dân vận được chú trọng, mối quan hệ mật thiết giữa Đảng với nhân dân được củng "
    "cố; khối đại đoàn kết toàn dân tộc tiếp tục được tăng cường.",
]
QUOTES = [
    ("Đảng ta là đạo đức, là văn minh.", "Chủ tịch Hồ Chí Minh"),
    ("Cán bộ là cái gốc của mọi công việc.", "Chủ tịch Hồ Chí Minh"),
    ("Dễ trăm lần không dân cũng chịu, khó vạn lần dân liệu cũng xong.", "Chủ tịch Hồ Chí Minh"),
]
AUTHORS = ["Minh Khôi", "Thanh Tâm", "Ngọc Hân", "Quốc Bảo", "Thu Trang", "Hoàng Phúc", "Kim Ngân"]
SOURCES = ["", "", "Báo Tây Ninh", "Đài Phát thanh - Truyền hình Tây Ninh"]


@dataclass
class ArticleSpec:
    index: int
    unit: str  # org-chart key of the publishing unit
    title: str
    lead: str
    paragraphs: list
    quote: tuple | None
    date: datetime.datetime
    topic: str | None
    section: str | None
    author: str
    source: str
    tags: list = field(default_factory=list)
    photo: str = "meeting"
    photo_index: int = 0


def season(day: datetime.date) -> str:
    if day.month in (11, 12, 1, 2):
        return "Đông Xuân"
    return "Hè Thu" if day.month in (3, 4, 5, 6) else "Thu Đông"


def months_since_reorganisation(day: datetime.date) -> int:
    start = story.REORGANISATION
    return (day.year - start.year) * 12 + day.month - start.month


def conference_subject(conference) -> str:
    day = conference.day
    if day.month in (12, 1):
        year = day.year if day.month == 12 else day.year - 1
        return (
            f"đánh giá tình hình thực hiện nhiệm vụ năm {year}, triển khai nhiệm vụ năm {year + 1}"
        )
    if day.month in (6, 7):
        return f"sơ kết công tác 6 tháng đầu năm {day.year}, bàn nhiệm vụ 6 tháng cuối năm"
    if day.month in (9, 10, 11):
        return f"cho ý kiến về dự thảo báo cáo tình hình kinh tế - xã hội năm {day.year}"
    return "cho ý kiến về một số đề án, báo cáo quan trọng của tỉnh"


class Newsroom:
    """The demo's news, for the units of the page tree (``demo.story.Unit``)."""

    def __init__(self, units, tz):
        self.units = sorted(units, key=lambda unit: unit.key)
        self.tz = tz
        self.province = next((u for u in self.units if u.role == "province"), self.units[0])
        self.congresses = [c for unit in self.units for c in story.congresses(unit)]
        self.conferences = [
            c
            for c in story.conferences()
            if c.number > 1 and story.STORY_START <= c.day <= story.STORY_END
        ]
        self.pool = [item for item in STORIES if item.weight]
        self.weights = [item.weight for item in self.pool]
        self.milestones = self.plan_milestones()

    def plan_milestones(self):
        """The province's own milestones, each told once: the one-off events in list order,
        then the yearly anniversaries and the conferences, newest first."""
        once, recurring = [], []
        for item in STORIES:
            if item.weight:
                continue
            if item.event == "conference":
                recurring += [(item, c.day, {"conference": c}) for c in self.conferences]
            elif item.anchor:
                for year in range(story.STORY_START.year, story.STORY_END.year + 1):
                    day = story.anniversary_day(item.anchor, year)
                    day -= datetime.timedelta(
                        days=random.Random(f"{item.anchor}-{year}").randrange(4)
                    )
                    if story.STORY_START <= day <= story.STORY_END:
                        recurring.append((item, day, {"anniversary_year": year}))
            else:
                first, last = item.window
                rng = random.Random(f"milestone-{item.title}-{first}")
                once.append(
                    (
                        item,
                        first + datetime.timedelta(days=rng.randrange((last - first).days + 1)),
                        {},
                    )
                )
        recurring.sort(key=lambda milestone: milestone[1], reverse=True)
        return once + recurring

    def owners(self, item, day):
        if isinstance(item.owners, tuple):
            found = [u for u in self.units if u.key in item.owners]
        else:
            found = [u for u in self.units if u.is_a(item.owners)]
        return [u for u in found if u.active_on(day) and not (item.rural and "phường" in u.name)]

    def pick_day(self, item, rng):
        """The day the story happens, and for congress and conference stories, which one."""
        first, last = max(item.window[0], story.STORY_START), min(item.window[1], story.STORY_END)
        if item.event == "conference":
            conference = rng.choice(self.conferences)
            return conference.day, {"conference": conference}
        if item.event in ("congress", "congress-visit"):
            congress = rng.choice(self.congresses) if self.congresses else None
            if congress is None:
                return None, {}
            day = congress.closing
            if item.event == "congress-visit":
                earliest = congress.unit.valid_from or story.STORY_START
                day = max(day - datetime.timedelta(days=rng.randrange(7, 30)), earliest)
            return day, {"congress": congress}
        if item.event == "two-level":
            months = rng.choice([3, 6, 9, 12, 15])
            start = story.REORGANISATION
            month = start.month - 1 + months
            day = D(start.year + month // 12, month % 12 + 1, rng.randrange(5, 25))
            return (day if day <= last else None), {}
        if item.anchor:
            year = rng.randrange(first.year, last.year + 1)
            day = story.anniversary_day(item.anchor, year) - datetime.timedelta(
                days=rng.randrange(0, 6)
            )
            return (day if first <= day <= last else None), {"anniversary_year": year}
        if item.months:
            year = rng.randrange(first.year, last.year + 1)
            day = D(year, rng.choice(item.months), rng.randrange(1, 29))
            return (day if first <= day <= last else None), {}
        return first + datetime.timedelta(days=rng.randrange((last - first).days + 1)), {}

    def choose(self, rng):
        """A story, its day and publisher: tries again when the draw finds no one to publish."""
        for _ in range(12):
            item = rng.choices(self.pool, weights=self.weights)[0]
            day, found = self.pick_day(item, rng)
            if day is None:
                continue
            if "congress" in found and item.owners == "committee":
                owners = [found["congress"].unit]
            else:
                owners = self.owners(item, day)
            if owners:
                return item, day, rng.choice(owners), found
        day = story.STORY_END - datetime.timedelta(days=rng.randrange(365))
        return FALLBACK, day, self.province, {}

    def spec(self, index: int) -> ArticleSpec:
        rng = random.Random(f"article-{index}")
        milestone, extra = divmod(index, MILESTONE_EVERY)
        if not extra and milestone < len(self.milestones):
            item, day, found = self.milestones[milestone]
            unit = self.province
        else:
            item, day, unit, found = self.choose(rng)
        subjects = [u for u in self.units if u.is_a("local") and u.active_on(day)]
        subject = rng.choice(subjects) if subjects else unit
        congress = found.get("congress")
        conference = found.get("conference")
        year = found.get("anniversary_year", day.year)
        values = {
            "unit": unit.name,
            "organisation": unit.party_organisation,
            "subject": subject.name,
            "subject_place": subject.place,
            "year": day.year,
            "next_year": day.year + 1,
            "month": day.month,
            "season": season(day),
            "months_since": months_since_reorganisation(day),
            "anniversary": story.anniversary(item.anchor, year) if item.anchor else "",
            "anniversary_topic": anniversary_topic(item.anchor, year) if item.anchor else "",
            "congress": congress.title if congress else "",
            "congress_topic": (
                TOPIC_CONGRESSES_2020
                if congress and congress.term == "2020–2025"
                else TOPIC_CONGRESSES_2025
            ),
            "provincial_congress": story.provincial_congress("XI" if day.year == 2020 else "I"),
            "conference": conference.title if conference else "",
            "conference_subject": conference_subject(conference) if conference else "",
        }
        when, first_hour, last_hour = rng.choice(WHEN)
        published = datetime.datetime.combine(
            day,
            datetime.time(rng.randrange(first_hour, last_hour + 1), rng.randrange(60)),
            tzinfo=self.tz,
        )
        values["when"] = when
        values["day"] = f"{day.day}/{day.month}"
        opening = rng.choice(OPENINGS.get(item.photo, OPENINGS["meeting"])).format(**values)
        topic = item.topic.format(**values) if item.topic else None
        return ArticleSpec(
            index=index,
            unit=unit.key,
            title=item.title.format(**values),
            lead=f"({unit.name}) – {opening}",
            paragraphs=rng.sample(PARAGRAPHS, k=rng.randrange(3, 6)),
            quote=rng.choice(QUOTES) if rng.random() < 0.3 else None,
            date=published,
            topic=topic or None,
            section=item.section if unit.role == "province" else None,
            author=rng.choice(AUTHORS),
            source=rng.choice(SOURCES),
            tags=list(item.tags),
            photo=item.photo,
            photo_index=rng.randrange(0, 8),
        )
