"""questions/links.py builds the addresses reverse() would, only faster."""

import pytest
from django.urls import reverse, set_script_prefix

from questions.links import fixed_url, slug_url

SLUGS = [
    "plain",
    "什么是大模型",
    "with space",
    "percent%20sign",
    "question?mark",
    "hash#tag",
    "amp&and=equals",
    "c++",
    "tilde~colon:at@",
    "emoji-🙂",
    "semi;colon,comma",
    "quote'double\"",
    "back\\slash",
]
NAMES = ["questions:detail", "questions:tag", "questions:source"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", SLUGS)
def test_slug_url_is_what_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, args=[slug])


def test_category_url_is_what_reverse_gives():
    for slug in ("concept", "coding", "a-b_c9"):
        assert slug_url("questions:category", slug) == reverse("questions:category", args=[slug])


@pytest.mark.parametrize("prefix", ["/", "/qbank/", "/多/"])
def test_slug_url_follows_the_script_prefix(prefix):
    set_script_prefix(prefix)
    try:
        for name in NAMES:
            assert slug_url(name, "大模型 x") == reverse(name, args=["大模型 x"])
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("questions:home", ()),
        ("questions:category", ("coding",)),
        ("accounts:login", ()),
        ("admin:index", ()),
    ],
)
def test_fixed_url_is_what_reverse_gives_under_any_script_prefix(name, args):
    for prefix in ("/", "/qbank/"):
        set_script_prefix(prefix)
        try:
            assert fixed_url(name, *args) == reverse(name, args=args)
        finally:
            set_script_prefix("/")


def test_links_follow_a_swapped_urlconf(settings):
    assert fixed_url("questions:home") == "/"
    assert slug_url("questions:tag", "gpu") == "/tags/gpu/"
    settings.ROOT_URLCONF = "tests.urls_mounted"
    assert fixed_url("questions:home") == "/bank/" == reverse("questions:home")
    assert slug_url("questions:tag", "gpu") == "/bank/tags/gpu/" == reverse("questions:tag", args=["gpu"])
