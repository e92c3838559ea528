"""Admin pages of the taxonomy: categories and tags."""

from django.contrib import admin
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import policies
from ..editorial import revisions
from ..models import Category, Tag
from .forms import CategoryAdminForm


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = CategoryAdminForm
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

    # Who may do what is the rule book's: adding is an editor's, renaming and
    # deleting (which change published questions at once) a publisher's.
    def has_add_permission(self, request):
        return policies.can_add_tag(request.user)

    def has_change_permission(self, request, obj=None):
        return policies.can_rename_tag(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return policies.can_delete_tag(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not (change and form.has_changed()):
            return super().save_model(request, obj, form, change)
        old_name = Tag.objects.values_list("name", flat=True).get(pk=obj.pk)
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            reason = gettext("Tag “%(old)s” renamed to “%(new)s”") % {"old": old_name, "new": obj.name}
            revisions.record_tag_change(obj.questions.values_list("pk", flat=True), reason)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Tag.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for tag in queryset:
                question_ids = list(tag.questions.values_list("pk", flat=True))
                name = tag.name
                tag.delete()
                revisions.record_tag_change(question_ids, gettext("Tag “%(name)s” deleted") % {"name": name})

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, tag):
        return tag.question_count
