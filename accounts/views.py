import json
from urllib.parse import urlsplit

from axes.utils import reset as reset_failed_sign_ins
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET

from . import account_page, personal_data, tasks, throttle
from .forms import DeleteAccountForm, RateLimitedPasswordChangeForm, SignupForm

# Several backends are configured (axes' guard and the model backends):
# login() must be told which one the session belongs to.
SESSION_BACKEND = "accounts.backends.AccountBackend"


def _too_many(request):
    return render(request, "accounts/throttled.html", status=429)


def _create_account(form):
    """The new user, or None with the form's errors set (also when another
    request took the username between the form's check and the insert)."""
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error("username", form.instance.unique_error_message(type(form.instance), ["username"]))
        return None


# A `next` longer than this is no page of ours: dropped, not parsed.
MAX_NEXT_LENGTH = 2000


def _next_page(request) -> str:
    """Where the new candidate came from (the sign-up link's `next`, kept
    through the form), if it is a page of this site; "" otherwise, so that
    nobody can use sign-up to send someone elsewhere."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if len(candidate) > MAX_NEXT_LENGTH:
        return ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if safe else ""


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def signup(request):
    next_page = _next_page(request)
    if request.user.is_authenticated:
        return redirect(next_page or settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not throttle.allow(request, "signup", settings.SIGNUP_RATE_LIMIT):
            return _too_many(request)
        user = _create_account(form)
        if user is not None:
            # django.contrib.auth.login fires user_logged_in, which other apps
            # use (practice moves an anonymous session's work into the account).
            login(request, user, backend=SESSION_BACKEND)
            messages.success(request, _("Welcome to qbank, %(name)s.") % {"name": user.get_username()})
            return redirect(next_page or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form, "next": next_page})


class PasswordResetView(auth_views.PasswordResetView):
    """Queues the e-mail (accounts/tasks.py) without looking the address up,
    so that a registered address and an unknown one take the same time."""

    template_name = "accounts/password_reset_form.html"

    def post(self, request, *args, **kwargs):
        if not throttle.allow(request, "password-reset", settings.PASSWORD_RESET_RATE_LIMIT):
            return _too_many(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # The link is on SITE_URL, never on the Host this request named: a
        # stranger naming another allowed host would otherwise send a real
        # user a real reset link on a host of their choosing.
        site = urlsplit(settings.SITE_URL)
        tasks.queue_password_reset(
            email=form.cleaned_data["email"],
            domain=site.netloc,
            use_https=site.scheme == "https",
            language=get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link proves the e-mail address: the failed sign-ins on this
        # username (someone else's guesses, maybe) no longer keep its owner
        # out. They also stop counting for the addresses they came from (axes
        # keeps one count per username and address); their guesses at other
        # usernames still count.
        reset_failed_sign_ins(username=form.user.get_username())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = RateLimitedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
def account(request):
    return render(request, "accounts/account.html", {"sections": account_page.sections_for(request)})


@require_GET
@login_required
def export_data(request):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, "qbank-my-data.json")
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("Your account and all its data have been deleted."))
        return redirect("questions:home")
    return render(request, "accounts/delete.html", {"form": form})
