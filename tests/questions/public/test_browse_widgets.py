"""The search form's widgets written in Python give Django's own markup."""

import pytest
from django import forms
from django.utils import translation

from questions.public.browse_widgets import SearchInput

ATTRS = {"type": "search", "maxlength": 200, "placeholder": "Search <questions>", "autofocus": True}


@pytest.mark.parametrize("value", [None, "", "模型", '"><script>alert("x")</script> & \'quotes\'', 42])
def test_the_search_box_is_djangos_text_input(value):
    with translation.override("en"):
        ours = SearchInput(attrs=ATTRS).render("q", value, attrs={"id": "id_q"})
        django = forms.TextInput(attrs=ATTRS).render("q", value, attrs={"id": "id_q"})
    assert ours == django
    assert "<script>" not in ours
