"""A synthetic NukeViet 4.x site in MariaDB, for the import tests and the benchmark.

The tables carry the column names of NukeViet's published schema (``nukeviet/nukeviet``
``modules/news/action_mysql.php``, ``nukeviet/module-laws`` and ``nukeviet/module-faq``
``action_mysql.php``); the rows are invented: Vietnamese news in five categories, Party
documents with PDF files and relations, answered questions, and hostile rows (scripts,
inline styles, broken HTML, iframes, missing files, duplicated aliases, future dates,
double-encoded text, unmapped categories). Uploaded files go to ``files/`` as NukeViet keeps
them (``uploads/news/…``, ``uploads/laws/…``).
"""

import datetime
import io
import random
from pathlib import Path

import pymysql
from fpdf import FPDF
from PIL import Image

P = "nv4_vi"
SITE_URL = "https://tinhuy.example.vn"

SCHEMA = [
    f"""CREATE TABLE {P}_news_cat (
      catid smallint unsigned NOT NULL AUTO_INCREMENT, parentid smallint unsigned NOT NULL DEFAULT 0,
      title varchar(250) NOT NULL, titlesite varchar(250) DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
      description text, descriptionhtml text, image varchar(255) DEFAULT '',
      viewdescription tinyint NOT NULL DEFAULT 0, weight smallint unsigned NOT NULL DEFAULT 0,
      sort smallint NOT NULL DEFAULT 0, lev smallint NOT NULL DEFAULT 0,
      viewcat varchar(50) NOT NULL DEFAULT 'viewcat_page_new', numsubcat smallint NOT NULL DEFAULT 0,
      subcatid varchar(255) DEFAULT '', numlinks tinyint unsigned NOT NULL DEFAULT 3,
      newday tinyint unsigned NOT NULL DEFAULT 2, featured int NOT NULL DEFAULT 0,
      ad_block_cat varchar(255) NOT NULL DEFAULT '', layout_func varchar(100) NOT NULL DEFAULT '',
      keywords text, admins text, add_time int unsigned NOT NULL DEFAULT 0,
      edit_time int unsigned NOT NULL DEFAULT 0, groups_view varchar(255) DEFAULT '',
      status smallint NOT NULL DEFAULT 1, PRIMARY KEY (catid), UNIQUE KEY alias (alias))""",
    f"""CREATE TABLE {P}_news_sources (
      sourceid mediumint unsigned NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
      link varchar(255) DEFAULT '', logo varchar(255) DEFAULT '', weight mediumint unsigned NOT NULL DEFAULT 0,
      add_time int unsigned NOT NULL, edit_time int unsigned NOT NULL, PRIMARY KEY (sourceid))""",
    f"""CREATE TABLE {P}_news_topics (
      topicid smallint unsigned NOT NULL AUTO_INCREMENT, title varchar(250) NOT NULL DEFAULT '',
      alias varchar(250) NOT NULL DEFAULT '', image varchar(255) DEFAULT '',
      description varchar(255) DEFAULT '', weight smallint NOT NULL DEFAULT 0, keywords text,
      add_time int NOT NULL DEFAULT 0, edit_time int NOT NULL DEFAULT 0, PRIMARY KEY (topicid))""",
    f"""CREATE TABLE {P}_news_rows (
      id int unsigned NOT NULL AUTO_INCREMENT, catid smallint unsigned NOT NULL DEFAULT 0,
      listcatid varchar(255) NOT NULL DEFAULT '', topicid smallint unsigned NOT NULL DEFAULT 0,
      admin_id mediumint unsigned NOT NULL DEFAULT 0, author varchar(250) DEFAULT '',
      sourceid mediumint NOT NULL DEFAULT 0, addtime int unsigned NOT NULL DEFAULT 0,
      edittime int unsigned NOT NULL DEFAULT 0, status tinyint NOT NULL DEFAULT 1,
      weight int unsigned NOT NULL DEFAULT 0, publtime int unsigned NOT NULL DEFAULT 0,
      exptime int unsigned NOT NULL DEFAULT 0, archive tinyint unsigned NOT NULL DEFAULT 0,
      title varchar(250) NOT NULL DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
      hometext text NOT NULL, homeimgfile varchar(255) DEFAULT '', homeimgalt varchar(255) DEFAULT '',
      homeimgthumb tinyint NOT NULL DEFAULT 0, inhome tinyint unsigned NOT NULL DEFAULT 0,
      allowed_comm varchar(255) DEFAULT '', allowed_rating tinyint unsigned NOT NULL DEFAULT 0,
      external_link tinyint unsigned NOT NULL DEFAULT 0, hitstotal mediumint unsigned NOT NULL DEFAULT 0,
      hitscm mediumint unsigned NOT NULL DEFAULT 0, total_rating int NOT NULL DEFAULT 0,
      click_rating int NOT NULL DEFAULT 0, instant_active tinyint NOT NULL DEFAULT 0,
      instant_template varchar(100) NOT NULL DEFAULT '', instant_creatauto tinyint NOT NULL DEFAULT 0,
      PRIMARY KEY (id), KEY catid (catid))""",
    f"""CREATE TABLE {P}_news_detail (
      id int unsigned NOT NULL, titlesite varchar(255) NOT NULL DEFAULT '', description text NOT NULL,
      bodyhtml longtext NOT NULL, voicedata text NULL DEFAULT NULL, keywords varchar(255) DEFAULT '',
      sourcetext varchar(255) DEFAULT '', files text NULL, imgposition tinyint NOT NULL DEFAULT 1,
      layout_func varchar(100) DEFAULT '', copyright tinyint NOT NULL DEFAULT 0,
      allowed_send tinyint NOT NULL DEFAULT 0, allowed_print tinyint NOT NULL DEFAULT 0,
      allowed_save tinyint NOT NULL DEFAULT 0, PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_news_tags (
      tid mediumint unsigned NOT NULL AUTO_INCREMENT, numnews mediumint NOT NULL DEFAULT 0,
      title varchar(250) NOT NULL DEFAULT '', alias varchar(250) NOT NULL DEFAULT '',
      image varchar(255) DEFAULT '', description text, keywords varchar(255) DEFAULT '',
      PRIMARY KEY (tid), UNIQUE KEY alias (alias))""",
    f"""CREATE TABLE {P}_news_tags_id (
      id int NOT NULL, tid mediumint NOT NULL, keyword varchar(65) NOT NULL, UNIQUE KEY id_tid (id, tid))""",
    f"""CREATE TABLE {P}_laws_area (
      id smallint unsigned NOT NULL AUTO_INCREMENT, parentid smallint unsigned NOT NULL DEFAULT 0,
      alias varchar(249) NOT NULL, title varchar(249) NOT NULL, introduction mediumtext NOT NULL,
      keywords varchar(255) NOT NULL, addtime int unsigned NOT NULL DEFAULT 0,
      weight smallint unsigned NOT NULL DEFAULT 0, sort smallint unsigned NOT NULL DEFAULT 1,
      lev tinyint unsigned NOT NULL DEFAULT 0, numsubcat tinyint unsigned NOT NULL DEFAULT 0,
      subcatid varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_laws_cat (
      id smallint unsigned NOT NULL AUTO_INCREMENT, parentid smallint unsigned NOT NULL DEFAULT 0,
      alias varchar(249) NOT NULL, title varchar(249) NOT NULL, introduction mediumtext NOT NULL,
      keywords varchar(255) NOT NULL, newday tinyint unsigned NOT NULL DEFAULT 5,
      addtime int unsigned NOT NULL DEFAULT 0, weight smallint unsigned NOT NULL DEFAULT 0,
      PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_laws_subject (
      id smallint unsigned NOT NULL AUTO_INCREMENT, alias varchar(250) NOT NULL, title varchar(250) NOT NULL,
      introduction mediumtext NOT NULL, keywords varchar(255) NOT NULL, numcount int NOT NULL DEFAULT 0,
      numlink tinyint NOT NULL DEFAULT 5, addtime int unsigned NOT NULL DEFAULT 0,
      weight smallint unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_laws_row (
      id int NOT NULL AUTO_INCREMENT, replacement varchar(255) NOT NULL DEFAULT '',
      relatement varchar(255) NOT NULL DEFAULT '', title varchar(255) NOT NULL, alias varchar(255) NOT NULL,
      code varchar(50) NOT NULL, area_ids varchar(191) NOT NULL DEFAULT '',
      cid smallint unsigned NOT NULL DEFAULT 0, sid smallint unsigned NOT NULL DEFAULT 0,
      eid smallint unsigned NOT NULL DEFAULT 0, sgid smallint unsigned NOT NULL DEFAULT 0,
      note text NOT NULL, introtext text NOT NULL, bodytext mediumtext NOT NULL,
      keywords varchar(255) NOT NULL, groups_view varchar(255) NOT NULL,
      groups_download varchar(255) NOT NULL, files mediumtext NOT NULL, status tinyint NOT NULL,
      approval tinyint NOT NULL, addtime int NOT NULL, edittime int NOT NULL,
      publtime int NOT NULL DEFAULT 0, start_comm_time int NULL, end_comm_time int NULL,
      startvalid int NOT NULL DEFAULT 0, exptime int NOT NULL DEFAULT 0,
      view_hits mediumint unsigned NOT NULL DEFAULT 0, download_hits mediumint unsigned NOT NULL DEFAULT 0,
      admin_add mediumint unsigned NOT NULL DEFAULT 0, admin_edit mediumint unsigned NOT NULL DEFAULT 0,
      PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_laws_row_area (
      row_id int unsigned NOT NULL, area_id smallint unsigned NOT NULL, UNIQUE KEY alias (row_id, area_id))""",
    f"""CREATE TABLE {P}_laws_signer (
      id smallint unsigned NOT NULL AUTO_INCREMENT, title varchar(255) NOT NULL,
      offices varchar(255) NOT NULL DEFAULT '', positions varchar(255) NOT NULL DEFAULT '',
      addtime int unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_laws_set_replace (
      id mediumint unsigned NOT NULL AUTO_INCREMENT, oid mediumint unsigned NOT NULL DEFAULT 0,
      nid mediumint unsigned NOT NULL DEFAULT 0, PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_faq (
      id mediumint unsigned NOT NULL AUTO_INCREMENT, catid mediumint unsigned NOT NULL,
      title varchar(250) NOT NULL, alias varchar(250) NOT NULL, question mediumtext NOT NULL,
      answer mediumtext NOT NULL, weight smallint unsigned NOT NULL DEFAULT 0,
      status tinyint unsigned NOT NULL DEFAULT 0, addtime int unsigned NOT NULL DEFAULT 0,
      PRIMARY KEY (id))""",
    f"""CREATE TABLE {P}_faq_categories (
      id mediumint unsigned NOT NULL AUTO_INCREMENT, parentid mediumint unsigned NOT NULL,
      title varchar(250) NOT NULL, alias varchar(250) NOT NULL, description mediumtext NOT NULL,
      groups_view varchar(255) NOT NULL, weight smallint unsigned NOT NULL DEFAULT 0,
      status tinyint unsigned NOT NULL DEFAULT 0, keywords mediumtext NOT NULL, PRIMARY KEY (id))""",
]

CATEGORIES = [
    (1, 0, "Tin tức - Sự kiện", "tin-tuc-su-kien"),
    (2, 0, "Hoạt động của Tỉnh ủy", "hoat-dong-cua-tinh-uy"),
    (3, 0, "Xây dựng Đảng", "xay-dung-dang"),
    (4, 3, "Công tác kiểm tra, giám sát", "cong-tac-kiem-tra-giam-sat"),
    (5, 0, "Tin hoạt động cơ sở", "tin-hoat-dong-co-so"),
]
SUBJECTS = ["Hội nghị", "Đại hội", "Lễ kỷ niệm", "Đoàn công tác", "Hội thảo", "Lớp bồi dưỡng"]
VERBS = ["triển khai", "tổng kết", "quán triệt", "sơ kết", "học tập", "kiểm tra"]
OBJECTS = [
    "Nghị quyết Đại hội Đảng bộ tỉnh",
    "công tác xây dựng Đảng năm 2024",
    "Chỉ thị 05-CT/TW về học tập và làm theo Bác",
    "chương trình xây dựng nông thôn mới",
    "công tác dân vận của hệ thống chính trị",
    "Nghị quyết 35-NQ/TW về bảo vệ nền tảng tư tưởng",
]
PLACES = [
    "huyện Gò Dầu",
    "thị xã Hòa Thành",
    "huyện Tân Biên",
    "thành phố Tây Ninh",
    "huyện Châu Thành",
]
AUTHORS = ["Minh Tâm", "Ngọc Hân", "Thanh Phong", "Bảo Trân", ""]
TOPICS = [
    (1, "Đại hội Đảng các cấp", "dai-hoi-dang-cac-cap"),
    (2, "Học tập và làm theo Bác", "hoc-tap-va-lam-theo-bac"),
]
TAGS = [(1, "đại hội"), (2, "xây dựng Đảng"), (3, "nông thôn mới"), (4, "dân vận")]

LAW_TYPES = [
    (1, "Nghị quyết", "NQ"),
    (2, "Chỉ thị", "CT"),
    (3, "Kế hoạch", "KH"),
    (4, "Kết luận", "KL"),
]
LAW_SUBJECTS = [(1, "Tỉnh ủy Tây Ninh", "TU"), (2, "Ban Chấp hành Trung ương", "TW")]
LAW_AREAS = [(1, "Xây dựng Đảng"), (2, "Kinh tế - xã hội"), (3, "Quốc phòng - an ninh")]
SIGNERS = [(1, "Nguyễn Thành Tâm", "Bí thư Tỉnh ủy"), (2, "Trần Văn Lộc", "Phó Bí thư Thường trực")]
FAQ_CATS = [
    (1, "Công tác đảng viên", "cong-tac-dang-vien"),
    (2, "Chính sách cán bộ", "chinh-sach-can-bo"),
]

START = int(datetime.datetime(2019, 1, 1, 8, tzinfo=datetime.UTC).timestamp())
FUTURE = int(datetime.datetime(2037, 12, 1, tzinfo=datetime.UTC).timestamp())


def mojibake(text):
    """``text`` as an old latin1 dump shows it: UTF-8 bytes read as cp1252."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def slug(text):
    from portal.vietnamese import slugify_vi

    return slugify_vi(text)


def jpeg(seed):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), ((seed * 37) % 256, (seed * 91) % 256, 120)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf(text):
    document = FPDF()
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text=text.encode("ascii", "replace").decode())
    return bytes(document.output())


class Dump:
    def __init__(self, server_url, database, files, *, news=300, laws=60, faq=40, seed=17):
        from nukeviet.source import parse_database_url

        self.params = parse_database_url(server_url.rstrip("/") + "/")
        self.database, self.files = database, Path(files)
        self.news_count, self.laws_count, self.faq_count = news, laws, faq
        self.random = random.Random(seed)
        self.hostile = {}

    @property
    def url(self):
        p = self.params
        auth = p["user"] + (f":{p['password']}" if p["password"] else "")
        return f"mysql://{auth}@{p['host']}:{p['port']}/{self.database}"

    def connect(self, database=None):
        params = {**self.params, "database": database}
        return pymysql.connect(**params, charset="utf8mb4", autocommit=True)

    def drop(self):
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{self.database}`")

    def build(self):
        self.drop()
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE `{self.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        with self.connect(self.database) as connection, connection.cursor() as cursor:
            for statement in SCHEMA:
                cursor.execute(statement)
            self.cursor = cursor
            self.news()
            self.laws()
            self.faq()
        return self

    def insert(self, table, rows):
        if not rows:
            return
        columns = list(rows[0])
        sql = (
            f"INSERT INTO {P}_{table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        for start in range(0, len(rows), 500):
            self.cursor.executemany(
                sql, [[row[c] for c in columns] for row in rows[start : start + 500]]
            )

    def write_file(self, relative, data):
        path = self.files / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    # --- news --------------------------------------------------------------------------

    def news(self):
        self.insert(
            "news_cat",
            [
                {
                    "catid": c,
                    "parentid": p,
                    "title": t,
                    "alias": a,
                    "description": f"Chuyên mục {t}",
                    "sort": c,
                    "keywords": "",
                    "admins": "",
                }
                for c, p, t, a in CATEGORIES
            ],
        )
        self.insert(
            "news_sources",
            [
                {
                    "sourceid": 1,
                    "title": "Báo Tây Ninh",
                    "link": "https://baotayninh.vn",
                    "add_time": START,
                    "edit_time": START,
                }
            ],
        )
        self.insert(
            "news_topics",
            [{"topicid": i, "title": t, "alias": a, "keywords": ""} for i, t, a in TOPICS],
        )
        self.insert(
            "news_tags",
            [{"tid": i, "title": t, "alias": slug(t), "description": ""} for i, t in TAGS],
        )
        for index in range(50):
            self.write_file(f"news/2024_05/anh-{index}.jpg", jpeg(index))
        rows, details, tags = [], [], []
        aliases = {}
        for i in range(1, self.news_count + 1):
            title = (
                f"{self.random.choice(SUBJECTS)} {self.random.choice(VERBS)} "
                f"{self.random.choice(OBJECTS)} tại {self.random.choice(PLACES)} (tin {i})"
            )
            catid = CATEGORIES[i % len(CATEGORIES)][0]
            alias = slug(title)
            aliases[i] = (catid, alias)
            when = START + i * 3600 * 7
            image = f"2024_05/anh-{i % 50}.jpg"
            rows.append(
                self.news_row(
                    i, catid, title, alias, when, image, topic=TOPICS[i % 2][0] if i % 3 == 0 else 0
                )
            )
            body = (
                f"<p>Sáng nay, tại {self.random.choice(PLACES)}, {title.lower()}.</p>"
                f'<figure class="image"><img src="/uploads/news/2024_05/anh-{(i * 7) % 50}.jpg" alt="Quang cảnh">'
                f"<figcaption>Quang cảnh {title[:60]}</figcaption></figure>"
                "<h3>Những kết quả nổi bật</h3>"
                "<ul><li>Hoàn thành 100% chỉ tiêu</li><li>Kết nạp 25 đảng viên mới</li></ul>"
                "<p>Đồng chí Bí thư Tỉnh ủy <strong>đề nghị</strong> các cấp ủy tiếp tục thực hiện.</p>"
            )
            details.append(self.news_detail(i, body))
            if i % 4 == 0:
                tags.append({"id": i, "tid": TAGS[i % 4][0], "keyword": TAGS[i % 4][1]})
        self.news_hostile(rows, details, aliases)
        self.insert("news_rows", rows)
        self.insert("news_detail", details)
        self.insert("news_tags_id", tags)
        self.news_aliases = aliases

    def news_row(self, i, catid, title, alias, when, image="", topic=0, status=1, listcatid=None):
        return {
            "id": i,
            "catid": catid,
            "listcatid": listcatid or str(catid),
            "topicid": topic,
            "author": AUTHORS[i % len(AUTHORS)],
            "sourceid": 1 if i % 2 else 0,
            "addtime": when,
            "edittime": when,
            "status": status,
            "publtime": when,
            "title": title,
            "alias": alias,
            "hometext": f"{title}: nội dung chính của sự kiện được tóm tắt trong đoạn mở đầu.",
            "homeimgfile": image,
            "homeimgalt": f"Ảnh {title[:40]}",
            "homeimgthumb": 2 if image else 0,
        }

    def news_detail(self, i, body):
        return {"id": i, "description": "", "bodyhtml": body, "sourcetext": "", "files": ""}

    def news_hostile(self, rows, details, aliases):
        n = self.news_count
        ids = {}

        def add(name, title, body, *, catid=1, when=None, status=1, image="", alias=None):
            i = n + len(ids) + 1
            ids[name] = i
            alias = alias if alias is not None else slug(title) or ""
            rows.append(
                self.news_row(
                    i, catid, title, alias, when or START + i * 3600, image, status=status
                )
            )
            details.append(self.news_detail(i, body))
            aliases[i] = (catid, alias)
            return i

        add(
            "script",
            "Tin có mã độc và định dạng lạ",
            '<p style="color:red;font-size:30px" onclick="steal()">Nội dung chính '
            "<script>alert('x')</script><a href=\"javascript:alert(1)\">bấm vào đây</a> "
            f'<a href="{SITE_URL}/vi/news/tin-tuc-su-kien/tin-cu-5.html">tin cũ</a></p>'
            '<style>body{display:none}</style><font face="Arial"><span style="x">Đoạn hai</span></font>',
        )
        add(
            "broken",
            "Tin có HTML hỏng",
            "<div><p>Đoạn mở <b>đậm <i>nghiêng</div><h1>Tiêu đề lớn<p>không đóng",
        )
        add(
            "iframe",
            "Tin có video nhúng",
            '<p>Xem video:</p><iframe src="https://www.youtube.com/embed/abc"></iframe>'
            '<object data="x.swf"></object><table><tr><td colspan="2">gộp</td></tr></table>'
            "<table><tr><th>Chỉ tiêu</th><th>Kết quả</th></tr><tr><td>Đảng viên mới</td><td>25</td></tr></table>",
        )
        add(
            "missing",
            "Tin có ảnh bị mất",
            '<p>Ảnh dưới đây không còn:</p><img src="/uploads/news/2020_01/khong-ton-tai.jpg" alt="mất">'
            '<p><img src="data:image/png;base64,AAAA"></p><p><img src="https://other.example/a.jpg"></p>',
            image="2020_01/anh-dai-dien-mat.jpg",
        )
        first_catid, first_alias = aliases[1]
        add(
            "duplicate",
            "Tin trùng tên gọi",
            "<p>Cùng alias với tin 1.</p>",
            catid=first_catid,
            alias=first_alias,
        )
        add("future", "Tin hẹn giờ năm 2037", "<p>Ngày đăng trong tương lai.</p>", when=FUTURE)
        add(
            "mojibake",
            mojibake("Đại hội Đảng bộ xã thành công tốt đẹp"),
            "<p>Tiêu đề bị lỗi mã.</p>",
        )
        add("unmapped", "Tin thuộc chuyên mục đã xóa", "<p>Chuyên mục 99 không còn.</p>", catid=99)
        add("draft", "Tin chưa duyệt", "<p>Bản nháp.</p>", status=0)
        add("empty_title", "", "")
        self.hostile["news"] = ids

    # --- laws --------------------------------------------------------------------------

    def laws(self):
        self.insert(
            "laws_cat",
            [
                {"id": i, "title": t, "alias": slug(t), "introduction": "", "keywords": ""}
                for i, t, _ in LAW_TYPES
            ],
        )
        self.insert(
            "laws_subject",
            [
                {"id": i, "title": t, "alias": slug(t), "introduction": "", "keywords": ""}
                for i, t, _ in LAW_SUBJECTS
            ],
        )
        self.insert(
            "laws_area",
            [
                {"id": i, "title": t, "alias": slug(t), "introduction": "", "keywords": ""}
                for i, t in LAW_AREAS
            ],
        )
        self.insert("laws_signer", [{"id": i, "title": t, "positions": p} for i, t, p in SIGNERS])
        rows, areas, replaces = [], [], []
        for i in range(1, self.laws_count + 1):
            cid, type_name, code = LAW_TYPES[i % len(LAW_TYPES)]
            sid, issuer_name, issuer_code = LAW_SUBJECTS[0 if i % 5 else 1]
            number = i + 10
            title = (
                f"{type_name} số {number:02d}-{code}/{issuer_code} về {OBJECTS[i % len(OBJECTS)]}"
            )
            files = f"2023_0{1 + i % 9}/van-ban-{i}.pdf"
            self.write_file(f"laws/{files}", pdf(f"Van ban {number}-{code}/{issuer_code}"))
            when = START + i * 86400 * 9
            rows.append(
                self.law_row(i, title, f"{number:02d}-{code}/{issuer_code}", cid, sid, when, files)
            )
            areas.append({"row_id": i, "area_id": LAW_AREAS[i % 3][0]})
        # Relations: 2 replaces 1 (and set_replace agrees); 4 is related to 3.
        rows[1]["replacement"] = "1"
        replaces.append({"oid": 2, "nid": 1})
        rows[3]["relatement"] = "3"
        n = self.laws_count
        hostile = {
            "unreadable": n + 1,
            "missing_file": n + 2,
            "exe": n + 3,
            "future": n + 4,
            "expired": n + 5,
            "broken_relation": n + 6,
        }
        rows.append(self.law_row(n + 1, "Văn bản không có số", "Không số", 1, 1, START, ""))
        rows.append(
            self.law_row(
                n + 2, "Nghị quyết thiếu tệp", "201-NQ/TU", 1, 1, START, "2023_01/khong-co.pdf"
            )
        )
        self.write_file("laws/2023_01/chuong-trinh.exe", b"MZ")
        rows.append(
            self.law_row(
                n + 3,
                "Chỉ thị kèm tệp lạ",
                "202-CT/TU",
                2,
                1,
                START,
                "2023_01/chuong-trinh.exe,https://vanban.example/a.pdf",
            )
        )
        rows.append(self.law_row(n + 4, "Kế hoạch ghi ngày 2037", "203-KH/TU", 3, 1, FUTURE, ""))
        expired = self.law_row(n + 5, "Kết luận đã hết hiệu lực", "204-KL/TU", 4, 1, START, "")
        expired["exptime"] = START + 86400
        rows.append(expired)
        broken = self.law_row(
            n + 6, "Nghị quyết thay thế văn bản không còn", "205-NQ/TU", 1, 1, START, ""
        )
        broken["replacement"] = "9999"
        rows.append(broken)
        self.insert("laws_row", rows)
        self.insert("laws_row_area", areas)
        self.insert("laws_set_replace", replaces)
        self.hostile["laws"] = hostile

    def law_row(self, i, title, code, cid, sid, when, files):
        return {
            "id": i,
            "replacement": "",
            "relatement": "",
            "title": title,
            "alias": f"{slug(title)}-{i}",
            "code": code,
            "area_ids": str(LAW_AREAS[i % 3][0]),
            "cid": cid,
            "sid": sid,
            "eid": 0,
            "sgid": SIGNERS[i % 2][0],
            "note": "",
            "introtext": f"Trích yếu: {title}.",
            "bodytext": "",
            "keywords": "",
            "groups_view": "6",
            "groups_download": "6",
            "files": files,
            "status": 1,
            "approval": 1,
            "addtime": when,
            "edittime": when,
            "publtime": when,
            "startvalid": when + 86400,
            "exptime": 0,
        }

    # --- faq ---------------------------------------------------------------------------

    def faq(self):
        self.insert(
            "faq_categories",
            [
                {
                    "id": i,
                    "parentid": 0,
                    "title": t,
                    "alias": a,
                    "description": "",
                    "groups_view": "6",
                    "status": 1,
                    "keywords": "",
                }
                for i, t, a in FAQ_CATS
            ],
        )
        rows = []
        for i in range(1, self.faq_count + 1):
            title = f"Hỏi về thủ tục chuyển sinh hoạt đảng số {i}"
            rows.append(
                {
                    "id": i,
                    "catid": FAQ_CATS[i % 2][0],
                    "title": title,
                    "alias": slug(title),
                    "question": f"<p>Tôi chuyển công tác sang {PLACES[i % 5]}, thủ tục thế nào?</p>",
                    "answer": "<p>Đồng chí liên hệ <b>chi bộ</b> nơi sinh hoạt để làm thủ tục.</p>",
                    "status": 1,
                    "addtime": START + i * 86400,
                }
            )
        n = self.faq_count
        rows.append(
            {
                "id": n + 1,
                "catid": 1,
                "title": "Câu hỏi có mã độc",
                "alias": "cau-hoi-co-ma-doc",
                "question": "<p>Hỏi?</p>",
                "answer": '<p onclick="x()">Trả lời <script>alert(1)</script>đầy đủ.</p>',
                "status": 1,
                "addtime": START,
            }
        )
        rows.append(
            {
                "id": n + 2,
                "catid": 1,
                "title": "Câu hỏi chưa trả lời",
                "alias": "cau-hoi-chua-tra-loi",
                "question": "<p>Hỏi?</p>",
                "answer": "",
                "status": 1,
                "addtime": START,
            }
        )
        rows.append(
            {
                "id": n + 3,
                "catid": 2,
                "title": "Câu hỏi bị ẩn",
                "alias": "cau-hoi-bi-an",
                "question": "<p>Hỏi?</p>",
                "answer": "<p>Đáp.</p>",
                "status": 0,
                "addtime": START,
            }
        )
        self.insert("faq", rows)
        self.hostile["faq"] = {"script": n + 1, "unanswered": n + 2, "hidden": n + 3}
