"""Admin pages of the taxonomy: categories and tags."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import Category, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "label", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["slug", "name"]

    @admin.display(description=_("shown as"))
    def label(self, category):
        return category.label


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "question_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions")).order_by("name")

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, tag):
        return tag.question_count
