"""The shipped nginx config (deploy/nginx/portal.conf), run by a real nginx in front of an
app server with media on local disk: what it serves from disk and what only Django may."""

import json

import pytest
import requests
import urllib3

from .stack import manage

pytestmark = [pytest.mark.stack, pytest.mark.xdist_group("stack")]
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # the self-signed cert

DOCUMENTS = """
import json
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from articles.models import DirectiveAttachment
from home.models import HomePage
from tests.factories import DirectivePageFactory, UnitPageFactory, pdf_bytes
Document = get_document_model()
root = Collection.get_first_root_node()
private = root.add_child(name="Nội bộ (nginx)")
CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
public = Document.objects.create(title="Công khai", collection=root,
                                 file=ContentFile(pdf_bytes("cong khai"), name="cong-khai.pdf"))
secret = Document.objects.create(title="Mật", collection=private,
                                 file=ContentFile(pdf_bytes("noi bo"), name="noi-bo-mat.pdf"))
unit = UnitPageFactory(parent=HomePage.objects.get(depth=2), title="Ban Tổ chức (nginx)")
page = DirectivePageFactory(parent=unit, number=77)
for document in (public, secret):
    DirectiveAttachment.objects.create(page=page, document=document)
print(json.dumps({name: [d.url, d.file.name] for name, d in (("public", public), ("secret", secret))}))
"""


@pytest.fixture(scope="module")
def documents(nginx_front):
    return json.loads(manage("shell", "--no-imports", "-c", DOCUMENTS, env=nginx_front.env))


def test_documents_folder_is_not_plain_media(nginx_front, documents):
    for _url, name in documents.values():
        response = nginx_front.get(f"/media/{name}")
        assert response.status_code == 404, name
        assert b"%PDF" not in response.content
    # Nor by another spelling of the same path.
    _url, name = documents["secret"]
    for path in (f"/media//{name}", f"/media/./{name}", f"/media/x/../{name}", f"/MEDIA/{name}"):
        assert b"%PDF" not in nginx_front.get(path).content, path


def test_documents_come_only_through_the_document_view(nginx_front, documents):
    public_url, _name = documents["public"]
    response = nginx_front.get(public_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response.headers  # nginx acted on it
    # The app itself answered with an empty body and the internal location.
    direct = requests.get(
        nginx_front.app.url + public_url, headers={"X-Forwarded-Proto": "https"}, timeout=10
    )
    assert direct.headers["X-Accel-Redirect"].startswith("/media/documents/")
    assert direct.content == b""

    secret_url, _name = documents["secret"]
    refused = nginx_front.get(secret_url, allow_redirects=False)
    assert refused.status_code == 302 and b"%PDF" not in refused.content


def test_static_and_image_media_are_still_served_from_disk(nginx_front):
    from pathlib import Path

    from .stack import png

    assert nginx_front.get("/static/css/portal.css").status_code == 200
    images = Path(nginx_front.media) / "original_images"
    images.mkdir(exist_ok=True)
    (images / "anh-nginx.png").write_bytes(png())
    response = nginx_front.get("/media/original_images/anh-nginx.png")
    assert response.status_code == 200 and response.content == png()
    assert nginx_front.get("/healthz").status_code == 200
