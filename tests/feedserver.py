"""A real HTTP server on 127.0.0.1 (port chosen by the system) serving fixture feeds.

Each path is one behaviour a feed server out there can have: good RSS and Atom in
Vietnamese, conditional GET, broken XML, wrong encoding declarations, a 50 MB body,
silence, redirects (with a loop), errors, and hostile markup.
"""

import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Báo điện tử Đảng Cộng sản Việt Nam</title>
  <link>https://dangcongsan.vn</link>
  <description>Tin thời sự</description>
  <item>
    <title>Hội nghị Trung ương bàn về công tác xây dựng Đảng</title>
    <link>https://dangcongsan.vn/thoi-su/hoi-nghi-trung-uong-1.html</link>
    <guid isPermaLink="false">dcs-1</guid>
    <description>&lt;p&gt;Sáng nay, Ban Chấp hành Trung ương họp phiên bế mạc.&lt;/p&gt;</description>
    <pubDate>Tue, 24 Nov 2026 08:30:00 +0700</pubDate>
    <media:content url="https://dangcongsan.vn/anh/1.jpg" medium="image"/>
  </item>
  <item>
    <title>Nghị quyết về phát triển kinh tế tư nhân</title>
    <link>https://dangcongsan.vn/kinh-te/nghi-quyet-2.html</link>
    <guid>dcs-2</guid>
    <description>Triển khai thực hiện nghị quyết ở các địa phương.</description>
    <pubDate>Mon, 23 Nov 2026 07:00:00 +0700</pubDate>
    <enclosure url="https://dangcongsan.vn/anh/2.png" type="image/png" length="100"/>
  </item>
  <item>
    <title>Đảng bộ tỉnh Tây Ninh tổng kết năm 2026</title>
    <link>https://dangcongsan.vn/dia-phuong/tay-ninh-3.html</link>
    <pubDate>Sun, 22 Nov 2026 10:00:00 +0700</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Cổng thông tin Đảng Cộng sản Việt Nam</title>
  <id>urn:dcs:org</id>
  <updated>2026-11-25T09:00:00+07:00</updated>
  <entry>
    <title>Quy định mới về công tác kiểm tra, giám sát</title>
    <link href="https://dangcongsan.org.vn/quy-dinh-kiem-tra.html"/>
    <id>urn:dcs:org:1</id>
    <updated>2026-11-25T09:00:00+07:00</updated>
    <summary>Bộ Chính trị ban hành quy định về công tác kiểm tra.</summary>
  </entry>
  <entry>
    <title>Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh</title>
    <link href="https://dangcongsan.org.vn/hoc-tap-lam-theo.html"/>
    <id>urn:dcs:org:2</id>
    <updated>2026-11-24T09:00:00+07:00</updated>
    <summary type="html">&lt;p&gt;Tổng kết 10 năm thực hiện &lt;b&gt;Chỉ thị 05-CT/TW&lt;/b&gt;.&lt;/p&gt;</summary>
  </entry>
</feed>
"""

# Not well formed: an unclosed element and a stray ampersand; the items are still readable.
MALFORMED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nguồn lỗi & hỏng</title>
<item><title>Tin vẫn đọc được</title><link>https://example.vn/doc-duoc</link></item>
<item><title>Tin thứ hai <b>chưa đóng thẻ</title><link>https://example.vn/thu-hai</link></item>
</channel>
"""

NOT_A_FEED = b"<html><body><h1>Trang b\xe1\xbb\x8b l\xe1\xbb\x97i</h1><p>Not a feed"

# The XML declaration says ISO-8859-1; the bytes (and the HTTP charset) are UTF-8.
DECLARED_LATIN1 = RSS.replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8")
# The XML declaration says UTF-8; the bytes are windows-1252 and HTTP names no charset.
SENT_1252 = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo cáo</title>'
    "<item><title>Báo cáo tình hình</title><link>https://example.vn/bao-cao</link>"
    "<guid>bc-1</guid></item></channel></rss>"
).encode("cp1252")

HOSTILE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nguồn &lt;script&gt;alert(0)&lt;/script&gt;</title>
<item>
  <title>Tin &lt;script&gt;alert(1)&lt;/script&gt; có &lt;b&gt;thẻ&lt;/b&gt; &lt;img src=x onerror=alert(2)&gt;</title>
  <link>https://example.vn/tin-doc-hai</link>
  <guid>hostile-1</guid>
  <description>&lt;p onclick="alert(3)"&gt;Tóm tắt&lt;/p&gt;&lt;script&gt;document.cookie&lt;/script&gt;&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;&amp;lt;script&amp;gt;alert(4)&amp;lt;/script&amp;gt;</description>
  <media:content xmlns:media="http://search.yahoo.com/mrss/" url="javascript:alert(5)" medium="image"/>
</item>
<item><title>Liên kết javascript</title><link>javascript:alert(6)</link></item>
<item><title></title><link>https://example.vn/khong-tieu-de</link></item>
</channel></rss>
"""

CHUNK = b"<item><title>" + "Đệm dữ liệu ".encode() * 400 + b"</title></item>\n"
HUGE_BYTES = 50 * 1024 * 1024
# The slow server: a byte every DRIBBLE_SECONDS, DRIBBLE_BYTES of them (about a minute).
DRIBBLE_SECONDS = 0.25
DRIBBLE_BYTES = 240


class FeedHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        server.requests.append((self.path, dict(self.headers)))
        # As a proxy the server is asked for absolute URLs: route on the path alone.
        path = urlsplit(self.path).path
        route = getattr(self, "route_" + path.strip("/").replace(".", "_").replace("-", "_"), None)
        if route is None:
            return self.send_body(b"khong co", status=404, content_type="text/plain")
        return route()

    def send_body(
        self, body, status=200, content_type="application/rss+xml; charset=utf-8", headers=()
    ):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    # --- good feeds -----------------------------------------------------------------
    def route_rss_xml(self):
        etag, modified = '"v1"', formatdate(1764000000, usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_body(
            self.server.rss.encode("utf-8"), headers=[("ETag", etag), ("Last-Modified", modified)]
        )

    def route_atom_xml(self):
        self.send_body(ATOM.encode("utf-8"), content_type="application/atom+xml; charset=utf-8")

    # --- broken feeds ---------------------------------------------------------------
    def route_malformed_xml(self):
        self.send_body(MALFORMED.encode("utf-8"))

    def route_not_a_feed(self):
        self.send_body(NOT_A_FEED, content_type="text/html; charset=utf-8")

    def route_declared_latin1_xml(self):
        self.send_body(DECLARED_LATIN1, content_type="application/rss+xml; charset=utf-8")

    def route_sent_1252_xml(self):
        self.send_body(SENT_1252, content_type="application/rss+xml")

    def route_hostile_xml(self):
        self.send_body(HOSTILE.encode("utf-8"))

    def route_huge_xml(self):
        """50 MB, streamed without Content-Length: only reading it tells its size."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        sent = 0
        try:
            self.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            while sent < HUGE_BYTES:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
        except OSError:  # the client hung up, as it should
            pass
        finally:
            self.server.huge_sent = sent
        self.close_connection = True

    def route_huge_declared_xml(self):
        """50 MB announced in Content-Length: refused before reading the body."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True

    def route_silent(self):
        """Accepts the connection and never answers."""
        self.server.stopping.wait(30)
        self.close_connection = True

    def route_dribble_xml(self):
        """A valid feed, one byte every DRIBBLE_SECONDS: each read is well under the read
        timeout, the whole would take minutes. Counts what it managed to send."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        body = self.server.rss.encode("utf-8")
        self.server.dribbled = 0
        try:
            for byte in body[:DRIBBLE_BYTES]:
                if self.server.stopping.wait(DRIBBLE_SECONDS):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                self.server.dribbled += 1
        except OSError:  # the client hung up, as it should
            pass
        self.close_connection = True

    def route_dribble_headers(self):
        """The status line and headers themselves, one byte every DRIBBLE_SECONDS."""
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * DRIBBLE_BYTES + b"\r\n\r\n"
        self.server.header_dribble_done = False
        try:
            for byte in head:
                if self.server.stopping.wait(DRIBBLE_SECONDS):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
        except OSError:
            pass
        finally:
            self.server.header_dribble_done = True
        self.close_connection = True

    def route_redirect(self):
        self.redirect("/rss.xml")

    def route_loop_a(self):
        self.redirect("/loop-b")

    def route_loop_b(self):
        self.redirect("/loop-a")

    def route_to_file(self):
        self.redirect("file:///etc/passwd")

    def route_error_500(self):
        self.send_body(b"loi may chu", status=500, content_type="text/plain")

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


class FeedServer:
    def __init__(self):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.rss = RSS
        self.httpd.huge_sent = 0
        self.httpd.dribbled = 0
        self.httpd.header_dribble_done = None
        self.httpd.stopping = threading.Event()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.running = False

    def start(self):
        self.thread.start()
        self.running = True
        return self

    def url(self, path):
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    @property
    def requests(self):
        return self.httpd.requests

    def stop(self):
        if self.running:
            self.httpd.stopping.set()
            self.httpd.shutdown()
            self.httpd.server_close()
            self.running = False
