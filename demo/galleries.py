"""Demo content for `seed_demo`: the site-wide "Thư viện ảnh" and "Video" lists, three photo
albums (generated images, real-reading captions and credits) and two videos with Vietnamese
captions (the tiny sample video in ``demo/fixtures``). Idempotent: what exists is kept.
"""

import datetime
import io
import math
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from galleries.models import (
    AlbumPhoto,
    GalleryIndexPage,
    PhotoAlbumPage,
    PhotoLibraryPage,
    VideoLibraryPage,
    VideoPage,
)
from portal.vietnamese import slugify_vi

from . import story
from .news import conference_subject

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The newest conference of the Provincial Executive Committee, numbered as the news numbers it.
CONFERENCE = story.conferences()[-1]

ALBUMS = [
    {
        "unit": "tinh-uy",
        "title": CONFERENCE.title,
        "date": CONFERENCE.day,
        "intro": f"Hội nghị {conference_subject(CONFERENCE)}.",
        "colour": (150, 24, 30),
        "photos": [
            ("Quang cảnh Hội nghị Ban Chấp hành Đảng bộ tỉnh", "Minh Hà"),
            ("Đồng chí Bí thư Tỉnh ủy phát biểu khai mạc hội nghị", "Minh Hà"),
            ("Các đại biểu biểu quyết thông qua nghị quyết của hội nghị", "Thanh Tùng"),
            ("Đại biểu thảo luận về báo cáo kinh tế – xã hội năm 2026", "Thanh Tùng"),
            ("Đồng chí Phó Bí thư Thường trực Tỉnh ủy điều hành phiên thảo luận", "Minh Hà"),
            ("Các đại biểu dự hội nghị tại Hội trường Tỉnh ủy", "Văn phòng Tỉnh ủy"),
        ],
    },
    {
        "unit": "tinh-uy",
        "title": f"Lễ kỷ niệm {story.anniversary('party', 2026)}",
        "date": datetime.date(2026, 2, 3),
        "intro": "Lễ kỷ niệm long trọng tại Trung tâm Hội nghị tỉnh, với chương trình nghệ "
        "thuật “Mừng Đảng, mừng Xuân”.",
        "colour": (176, 120, 20),
        "photos": [
            (
                "Các đồng chí lãnh đạo tỉnh dâng hoa tại Tượng đài Chủ tịch Hồ Chí Minh",
                "Thanh Tùng",
            ),
            ("Quang cảnh Lễ kỷ niệm tại Trung tâm Hội nghị tỉnh", "Thanh Tùng"),
            ("Trao Huy hiệu 50 năm tuổi Đảng cho các đảng viên lão thành", "Ngọc Lan"),
            ("Tiết mục mở màn chương trình nghệ thuật “Mừng Đảng, mừng Xuân”", "Ngọc Lan"),
            ("Đại biểu các lực lượng vũ trang dự lễ kỷ niệm", "Thanh Tùng"),
        ],
    },
    {
        "unit": "dang-uy-thi-tran-go-dau",
        "title": "Xã Gò Dầu ra quân xây dựng nông thôn mới kiểu mẫu",
        "date": datetime.date(2026, 10, 12),
        "intro": "Cán bộ, đảng viên và nhân dân các ấp, khu phố ra quân làm đường giao thông "
        "nông thôn, trồng cây xanh, chỉnh trang khu dân cư.",
        "colour": (30, 110, 60),
        "photos": [
            ("Lễ ra quân tại sân vận động xã Gò Dầu", "Quốc Bảo"),
            ("Đoàn viên thanh niên trồng cây xanh dọc tuyến đường liên ấp", "Quốc Bảo"),
            ("Người dân hiến đất mở rộng đường giao thông nông thôn", "Đảng ủy xã Gò Dầu"),
            ("Chỉnh trang hàng rào xanh tại khu dân cư kiểu mẫu ấp Cây Trắc", "Quốc Bảo"),
        ],
    },
]

VIDEOS = [
    {
        "unit": "tinh-uy",
        "title": "Toàn cảnh Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025–2030",
        "date": datetime.date(2025, 10, 10),
        "intro": "Những hình ảnh nổi bật của Đại hội đại biểu Đảng bộ tỉnh Tây Ninh lần thứ I.",
        "colour": (150, 24, 30),
        "captions": [
            "Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025–2030.",
            "Các đại biểu biểu quyết thông qua Nghị quyết Đại hội.",
            "Đại hội bế mạc ngày 10 tháng 10 năm 2025.",
        ],
    },
    {
        "unit": "van-phong",
        "title": "Hướng dẫn tra cứu văn bản trên Cổng thông tin điện tử Đảng bộ tỉnh",
        "date": datetime.date(2026, 9, 5),
        "intro": "Cách tìm một nghị quyết, chỉ thị theo số, ký hiệu, cơ quan ban hành và năm.",
        "colour": (26, 70, 140),
        "captions": [
            "Mở trang Tra cứu văn bản từ menu chính.",
            "Nhập số, ký hiệu, ví dụ 35-NQ/TW, rồi bấm Tìm.",
            "Tải tệp văn bản về máy từ trang chi tiết.",
        ],
    },
]


def child(parent, model, title, **fields):
    slug = slugify_vi(title)[:80].rstrip("-")
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def picture_bytes(colour, number, size=(960, 640)):
    """A JPEG that reads as a photo in a list: a lit hall, a stage, rows of seats."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    red, green, blue = colour
    for y in range(height):  # a gradient, lighter towards the ceiling
        light = 1.25 - 0.6 * y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(min(255, int(red * light)), min(255, int(green * light)), int(blue * light)),
        )
    stage = (int(width * 0.15), int(height * 0.18), int(width * 0.85), int(height * 0.5))
    draw.rectangle(stage, fill=(235, 205, 120))
    draw.ellipse(
        (width // 2 - 45, stage[1] + 20, width // 2 + 45, stage[1] + 110), fill=(200, 30, 30)
    )
    for row in range(5):  # seats, a little different in each photo
        y = int(height * 0.6) + row * 45
        for seat in range(14):
            x = 30 + seat * 66 + int(12 * math.sin(number + row))
            draw.rounded_rectangle((x, y, x + 44, y + 28), radius=6, fill=(40 + row * 12, 40, 48))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78)
    return buffer.getvalue()


def demo_image(title, colour, number, collection):
    Image = get_image_model()
    image = Image.objects.filter(title=title, collection=collection).first()
    if image is None:
        name = f"{slugify_vi(title)[:60]}.jpg"
        image = Image(title=title, collection=collection)
        image.file = ImageFile(io.BytesIO(picture_bytes(colour, number)), name=name)
        image.save()
    return image


def demo_document(title, name, content, collection):
    Document = get_document_model()
    document = Document.objects.filter(title=title, collection=collection).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(name, ContentFile(content), save=False)
        document.save()
    return document


def webvtt(lines, seconds_each=1):
    cues = ["WEBVTT", ""]
    for number, line in enumerate(lines):
        start, end = number * seconds_each, (number + 1) * seconds_each
        cues += [str(number + 1), f"00:00:{start:02d}.000 --> 00:00:{end:02d}.000", line, ""]
    return "\n".join(cues).encode()


def gallery_of(unit):
    return child(
        unit,
        GalleryIndexPage,
        "Thư viện ảnh, video",
        intro=f"Hình ảnh và video hoạt động của {unit.title}.",
    )


@transaction.atomic
def seed(home, units, stdout):
    child(
        home,
        PhotoLibraryPage,
        "Thư viện ảnh",
        show_in_menus=True,
        intro="Hình ảnh hoạt động của Đảng bộ tỉnh và các đơn vị.",
    )
    child(
        home,
        VideoLibraryPage,
        "Video",
        show_in_menus=True,
        intro="Video về hoạt động của Đảng bộ tỉnh và các đơn vị.",
    )
    created = 0
    for album in ALBUMS:
        unit = units[album["unit"]]
        gallery = gallery_of(unit)
        slug = slugify_vi(album["title"])[:80].rstrip("-")
        if PhotoAlbumPage.objects.child_of(gallery).filter(slug=slug).exists():
            continue
        collection = unit.access.collection
        images = [
            demo_image(caption, album["colour"], number, collection)
            for number, (caption, _credit) in enumerate(album["photos"])
        ]
        page = PhotoAlbumPage(
            title=album["title"],
            slug=slug,
            date=album["date"],
            intro=album["intro"],
            cover_image=images[0],
        )
        page.photos = [
            AlbumPhoto(image=image, caption=caption, credit=credit)
            for image, (caption, credit) in zip(images, album["photos"], strict=True)
        ]
        gallery.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    for video in VIDEOS:
        unit = units[video["unit"]]
        gallery = gallery_of(unit)
        slug = slugify_vi(video["title"])[:80].rstrip("-")
        if VideoPage.objects.child_of(gallery).filter(slug=slug).exists():
            continue
        collection = unit.access.collection
        name = slugify_vi(video["title"])[:60]
        page = VideoPage(
            title=video["title"],
            slug=slug,
            date=video["date"],
            intro=video["intro"],
            poster=demo_image(f"Ảnh đại diện: {video['title']}", video["colour"], 7, collection),
            video_file=demo_document(
                f"Video: {video['title']}",
                f"{name}.webm",
                (FIXTURES / "sample.webm").read_bytes(),
                collection,
            ),
            captions=demo_document(
                f"Phụ đề: {video['title']}", f"{name}.vtt", webvtt(video["captions"]), collection
            ),
        )
        gallery.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    add_home_block(home)
    stdout.write(f"Galleries: {created} albums and videos created")


def add_home_block(home):
    """The "Thư viện ảnh" block on the demo home page, once."""
    home = type(home).objects.get(pk=home.pk)
    if any(block.block_type == "albums" for block in home.body):
        return
    home.body.append(("albums", {"heading": "Thư viện ảnh", "count": 4}))
    home.save_revision().publish()
