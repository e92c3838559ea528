from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's own user model, in place from the first migration so that
    profile fields can be added later without swapping AUTH_USER_MODEL."""

    def __str__(self) -> str:
        return self.get_full_name() or self.username
