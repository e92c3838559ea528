"""Editorial roles as Django groups with exact permissions.

Editor    — writes: creates and edits draft questions, submits them for review.
Publisher — reviews: publishes, sends back, unpublishes and archives; does not
            rewrite content, so whatever goes public has been read by two people.
            Renames and deletes tags (a rename shows on published questions at once).
Superusers can do everything; staff without a role can do nothing.

`sync_roles` sets each group's permissions to exactly this list (adding and
removing). It runs in a migration and again after every `migrate`, so a
permission added to a model later reaches the groups without manual steps.
"""

from django.utils.translation import gettext_noop

EDITOR = gettext_noop("Editor")
PUBLISHER = gettext_noop("Publisher")

ROLE_PERMISSIONS = {
    EDITOR: [
        "questions.view_question",
        "questions.add_question",
        "questions.change_question",
        "questions.submit_question",
        "questions.view_source",
        "questions.add_source",
        "questions.change_source",
        "questions.view_tag",
        # Adding a tag changes nothing public; renaming or deleting one
        # changes published questions at once, so that is the publisher's.
        "questions.add_tag",
        "questions.view_category",
    ],
    PUBLISHER: [
        "questions.view_question",
        "questions.publish_question",
        "questions.view_source",
        "questions.view_tag",
        "questions.change_tag",
        "questions.delete_tag",
        "questions.view_category",
    ],
}


def sync_roles(group_model, permission_model) -> None:
    """Make each role's group hold exactly its listed permissions.

    Takes the models as arguments so a migration can pass its historical ones.
    """
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            wanted.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
