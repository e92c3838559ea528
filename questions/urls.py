from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/export.<str:fmt>", views.category_export, name="category_export"),
    path("q/<str:slug>/", views.question_detail, name="detail"),
    path("sources/<str:slug>/", views.source_detail, name="source"),
]
