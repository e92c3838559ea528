from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = _("Practice")

    def ready(self):
        from accounts import personal_data as registry
        from questions.keypoints import usage as key_point_usage
        from questions.public import visitors

        from . import merge  # noqa: F401  (connects the login receiver)
        from .personal_data import export
        from .public_pages import is_practising_as_guest, practise_category_url, state_for_page
        from .typed_answers import anonymous_counts

        # The account page's export gets a "practice" section; deleting the
        # account deletes every practice row through their CASCADE user FKs.
        registry.register("practice", export=export)
        # Editors see how typed answers fare against a question's key points
        # as anonymous counts, never the answers.
        key_point_usage.register(answer_counts=anonymous_counts)
        # The question page's practice box, and the page cache's "this
        # visitor has their own page" when they practise as a guest.
        visitors.register(
            "practice",
            has_own_page=is_practising_as_guest,
            question_state=state_for_page,
            category_start_url=practise_category_url,
        )
