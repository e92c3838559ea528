"""The sign-in history django-axes keeps (by username, not by foreign key):
part of a person's data, so exported and erased with the account."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

# The newest sign-ins are what a person checks for strangers; the log has no
# end of its own, so the export keeps its size bounded.
EXPORTED_SIGN_INS = 1000


def export_sign_ins(user) -> dict:
    logs = AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")
    rows = logs.values("attempt_time", "logout_time", "ip_address", "user_agent")[:EXPORTED_SIGN_INS]
    return {
        "sign_ins": [
            {
                "at": row["attempt_time"].isoformat(),
                "signed_out_at": row["logout_time"].isoformat() if row["logout_time"] else None,
                "ip_address": row["ip_address"],
                "user_agent": row["user_agent"],
            }
            for row in rows
        ]
    }


def erase_sign_ins(user) -> None:
    username = user.get_username()
    for model in (AccessLog, AccessAttempt, AccessFailureLog):
        model.objects.filter(username=username).delete()
