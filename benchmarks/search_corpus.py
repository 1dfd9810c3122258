"""The benchmark's text: Vietnamese syllables drawn with a Zipf law (``bench_search``).

Real Vietnamese text has a few very common syllables (của, và, các, Đảng…) and a long tail
of rare ones (names, places). The vocabulary here is

- the frequent part: real syllables, the most common first (function words, then the
  portal's own vocabulary), then every other syllable of the demo texts
  (``demo/content.py``, ``demo/news.py``);
- the rare part: generated syllables (onset + rhyme + tone, as Vietnamese spells them) and
  place and person names, ~7,000 distinct folded words in all;

and each token is drawn with probability ∝ 1 / rank^1.1 (a Zipf law; seeded, so a given
index always gives the same page). Pages also carry real phrases of one topic each
("xây dựng nông thôn mới", "chuyển đổi số"), so multi-word queries match a topical subset, as
they do on a real portal. Lengths: article title 8–16 syllables, lead 25–45, body 150–350;
document summary 20–40, attached-file text 250–700, distinct per document.
"""

import ast
import bisect
import itertools
import random
import re
import unicodedata
from pathlib import Path

from portal.vietnamese import fold

ZIPF_EXPONENT = 1.1
VOCABULARY_SIZE = 8000


def _split(text, separator=None):
    return text.split(separator)


# The most common syllables of Vietnamese news and Party texts, roughly in order.
COMMON = _split("""
của và các là có được trong cho với những đã năm người một về này không để theo đến từ tại
Đảng công tác xây dựng cán bộ tỉnh hội chính trị đồng thời nhân dân thực hiện phát triển
kinh tế xã ban cấp ủy huyện cơ quan đơn vị nhiệm vụ lãnh đạo chỉ đạo triển khai kết quả
quan trọng tổ chức hoạt động nâng cao chất lượng hiệu quả tăng cường đại biểu đồng chí
thường trực bí thư phó chủ tịch ngày tháng quyết nghị thị luận kế hoạch văn bản đoàn viên
đảng viên chi sở mới tiếp tục đổi phong trào thi đua khen thưởng dân chủ quyền lợi ích
kiểm tra giám sát tuyên giáo vận mặt trận tổ quốc an ninh quốc phòng nông thôn đô thị
chuyển số hành cải cách thủ tục đầu tư doanh nghiệp sản xuất học tập làm tư tưởng đạo
đức Hồ Chí Minh phong cách nhiệm kỳ đại bảo vệ nền tảng đấu tranh phản bác quan điểm sai
trái thù địch tình hình trung ương bộ chính trị tây ninh giáo dục y tế văn hóa thông tin
truyền môi trường tài nguyên đất giao thông vận tải lao động việc làm giảm nghèo an sinh
""")

TOPICS = [
    "xây dựng Đảng|chỉnh đốn Đảng|tổ chức cơ sở đảng|kết nạp đảng viên mới",
    "đại hội Đảng bộ|nhiệm kỳ 2020 - 2025|báo cáo chính trị|bầu Ban Chấp hành",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh|nêu gương",
    "xây dựng nông thôn mới|xã đạt chuẩn nông thôn mới|tiêu chí nông thôn mới",
    "chuyển đổi số|chính quyền số|dịch vụ công trực tuyến|hạ tầng số",
    "cải cách hành chính|thủ tục hành chính|một cửa liên thông|chỉ số hài lòng",
    "kiểm tra, giám sát|ủy ban kiểm tra|dấu hiệu vi phạm|kỷ luật đảng viên",
    "quốc phòng, an ninh|khu vực phòng thủ|biên giới|trật tự an toàn xã hội",
    "phát triển kinh tế - xã hội|tăng trưởng|thu ngân sách|thu hút đầu tư",
    "bảo vệ nền tảng tư tưởng của Đảng|đấu tranh phản bác các quan điểm sai trái, thù địch",
    "công tác dân vận|dân vận khéo|quy chế dân chủ ở cơ sở",
    "thi đua yêu nước|điển hình tiên tiến|khen thưởng",
    "tuyên giáo|định hướng dư luận xã hội|thông tin chính thống",
    "phòng, chống tham nhũng, tiêu cực|nội chính|thu hồi tài sản",
    "an sinh xã hội|giảm nghèo bền vững|nhà tình nghĩa|gia đình chính sách",
    "giáo dục và đào tạo|trường đạt chuẩn quốc gia|khuyến học",
    "y tế|chăm sóc sức khỏe nhân dân|bảo hiểm y tế",
    "sắp xếp tổ chức bộ máy|tinh gọn|tinh giản biên chế|đơn vị hành chính cấp xã",
    "công tác cán bộ|quy hoạch cán bộ|luân chuyển cán bộ|đánh giá, xếp loại",
    "mặt trận Tổ quốc|đoàn thể chính trị - xã hội|hội nông dân|đoàn thanh niên",
    "văn hóa|du lịch|núi Bà Đen|di tích lịch sử",
    "môi trường|tài nguyên nước|biến đổi khí hậu|rác thải",
    "giao thông|đường tỉnh|cao tốc|cửa khẩu Mộc Bài",
    "nông nghiệp công nghệ cao|hợp tác xã|mía đường|cây ăn trái",
]
PLACES = _split(
    "Tây Ninh|Tân Biên|Tân Châu|Dương Minh Châu|Châu Thành|Hòa Thành|Gò Dầu|Bến Cầu|Trảng Bàng"
    "|Xa Mát|Lò Gò|Phước Vinh|Thạnh Tân|Ninh Sơn|Long Hoa|Hiệp Ninh|Trà Vong|Suối Đá|Cà Tum",
    "|",
)
SURNAMES = _split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý")
GIVEN = _split(
    "Thị Văn Minh Hà Thanh Hùng Dũng Lan Hương Tuấn Quang Phúc Bình Khánh Hải Nam Trung Sơn "
    "Vinh Thảo Ngọc Yến Phượng Tâm Đức Hiếu Nghĩa Trí Tín Lộc"
)

ONSETS = _split("b c ch d g gh h k kh l m n ng nh p ph qu r s t th tr v x") + [""]
NUCLEI = _split("a e i o u y ia ie ua uo oa oe uy ue ai ao au ay eo iu oi ui")
FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


def _demo_syllables():
    """Every syllable of the demo texts, most frequent first."""
    demo = Path(__file__).resolve().parents[1] / "demo"
    counts = {}
    nodes = [ast.walk(ast.parse((demo / name).read_text())) for name in ("content.py", "news.py")]
    for node in (node for walk in nodes for node in walk):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = re.sub(r"\{[^}]*\}", " ", node.value)  # format placeholders
            for word in re.findall(r"[^\W\d_]+", text):
                if not word.isascii() or len(word) > 2:
                    counts[word.lower()] = counts.get(word.lower(), 0) + 1
    return sorted(counts, key=lambda word: -counts[word])


def _generated_syllables(rng):
    """Vietnamese-looking syllables (onset + vowel + final, a tone mark on the vowel) and
    numbers, shuffled: the rare tail."""
    out = [str(number) for number in range(1, 2000)]
    for onset, nucleus, final in itertools.product(ONSETS, NUCLEI, FINALS):
        word = onset + nucleus[0] + rng.choice(TONES) + nucleus[1:] + final
        out.append(unicodedata.normalize("NFC", word))
    rng.shuffle(out)
    return out


class Corpus:
    def __init__(self, seed=2026):
        self.rng = random.Random(seed)
        vocabulary, seen = [], set()
        names = [f"{s} {g}" for s in SURNAMES for g in GIVEN]
        for word in itertools.chain(
            COMMON, _demo_syllables(), *(p.split() for p in PLACES + names)
        ):
            if fold(word.lower()) not in seen:
                seen.add(fold(word.lower()))
                vocabulary.append(word)
        for word in _generated_syllables(self.rng):
            if len(vocabulary) >= VOCABULARY_SIZE:
                break
            if fold(word) not in seen:
                seen.add(fold(word))
                vocabulary.append(word)
        self.vocabulary = vocabulary
        weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(vocabulary) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.topics = [topic.split("|") for topic in TOPICS]
        # Topics are not equally common either.
        self.topic_cumulative = list(
            itertools.accumulate(1 / rank**0.7 for rank in range(1, len(self.topics) + 1))
        )

    def topic(self):
        return self.topics[
            bisect.bisect(self.topic_cumulative, self.rng.random() * self.topic_cumulative[-1])
        ]

    def words(self, count):
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count)

    def text(self, low, high, topic=None, phrases=0):
        """``low``–``high`` Zipf-drawn syllables, with ``phrases`` phrases of ``topic``."""
        words = self.words(self.rng.randint(low, high))
        if topic:
            for _ in range(phrases):
                words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(topic))
        if self.rng.random() < 0.1:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(PLACES))
        if self.rng.random() < 0.2:
            words.insert(self.rng.randrange(len(words) + 1), str(self.rng.randint(2010, 2026)))
        return " ".join(words)

    def name(self):
        return f"{self.rng.choice(SURNAMES)} {self.rng.choice(GIVEN)} {self.rng.choice(GIVEN)}"
