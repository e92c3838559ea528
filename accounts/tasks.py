"""Password-reset e-mails, sent by the job queue's worker.

The reset page queues the same job whatever the address, without looking it
up, so it answers in the same time for a registered address and an unknown
one (it used to take 84 ms against 13 ms: a stranger could tell who has an
account). The job looks the address up and sends to every active account
that has it — none for an unknown address."""

from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
EMAIL_TEMPLATE = "accounts/email/password_reset.txt"


def queue_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    send_password_reset.defer(email=email, domain=domain, use_https=use_https, language=language)


# A mail server that is down is tried again after 4, 16, 64, 256 and 1,024 s.
@app.task(name="accounts.send_password_reset", retry=RetryStrategy(max_attempts=5, exponential_wait=4))
def send_password_reset(email: str, domain: str, use_https: bool, language: str):
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name=SUBJECT_TEMPLATE,
            email_template_name=EMAIL_TEMPLATE,
        )
