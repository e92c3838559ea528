from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import PasswordChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):
    """Username, e-mail, password twice, checked by AUTH_PASSWORD_VALIDATORS.
    A taken username is the one thing it must say; e-mail addresses are not
    unique, so the form never tells whether one is already registered."""

    email = forms.EmailField(label=_("E-mail"), max_length=254, help_text=_("For password resets only."))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


def _check_password_through_axes(request, user, password) -> bool:
    # authenticate() rather than user.check_password(): a wrong password here
    # counts towards the same sign-in limit, so a borrowed session cannot be
    # used to guess the password through these forms either.
    return authenticate(request, username=user.get_username(), password=password) is not None


class RateLimitedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not _check_password_through_axes(self.request, self.user, old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this deletes my account and all my data for good.")
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not _check_password_through_axes(self.request, self.request.user, password):
            raise forms.ValidationError(_("That is not your password."), code="password_incorrect")
        return password
