from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_TOKEN_NAME_LENGTH


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=MAX_TOKEN_NAME_LENGTH,
        help_text=_("What will use it, e.g. “my flashcard script”."),
    )
