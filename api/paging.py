"""Page numbers for the API's lists: a bounded page size, and the addresses of
the next and previous pages on SITE_URL (never the request's Host: public
answers are cached and shared, like the pages)."""

from django.conf import settings
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator

from .schemas import Page


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _address(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return absolute(f"{request.path}?{params.urlencode()}")


def page_info(request, page: DjangoPage, *, more_than_cap: bool = False) -> Page:
    paginator = page.paginator
    return Page(
        number=page.number,
        size=paginator.per_page,
        count=paginator.count,
        pages=paginator.num_pages,
        more_than_cap=more_than_cap,
        next=_address(request, page.next_page_number()) if page.has_next() else None,
        previous=_address(request, page.previous_page_number()) if page.has_previous() else None,
    )


def paginate(queryset, page_number: int, page_size: int) -> DjangoPage:
    """One page of `queryset` (a number past the end gives the last page, as
    on the site)."""
    return Paginator(queryset, page_size).get_page(page_number)
