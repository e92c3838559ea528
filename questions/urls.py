from django.urls import path

from . import views

app_name = "questions"

urlpatterns = [
    path("", views.home, name="home"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/export.<str:fmt>", views.category_export, name="category_export"),
    path("q/<str:slug>/", views.question_detail, name="detail"),
    path("sources/<str:slug>/", views.source_detail, name="source"),
    path("search/", views.search, name="search"),
    path("tags/", views.tag_list, name="tags"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
]
