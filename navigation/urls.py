from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from . import views

urlpatterns = [
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
