from django.urls import path

from . import views

urlpatterns = [
    path("", views.submit, name="feedback-submit"),
    path("da-gui/<str:token>/", views.thanks, name="feedback-thanks"),
    path("tra-cuu/", views.status, name="feedback-status"),
]
