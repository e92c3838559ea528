"""A user's practice data, the "practice" section of the account page's JSON
export (registered with accounts.personal_data in PracticeConfig.ready()).
Deleting the account deletes all of it: every practice row's user foreign
key is ON DELETE CASCADE, so nothing needs an `erase`."""

from .models import Bookmark, Card, MockInterview, Note, PracticeSettings, ReviewLog, TypedAnswer


def export(user) -> dict:
    """Everything practice keeps about `user`; enumerations by their English
    names (not the display language's) so the file reads the same anywhere."""

    def iso(moment):
        return moment.isoformat() if moment else None

    settings = PracticeSettings.objects.filter(user=user).first()
    return {
        "settings": {
            "daily_new_limit": settings.daily_new_limit,
            "daily_review_limit": settings.daily_review_limit,
            "desired_retention": settings.desired_retention,
            "learning_steps": settings.learning_steps,
            "hide_difficulty": settings.hide_difficulty,
            "interview_date": settings.interview_date.isoformat() if settings.interview_date else None,
            "interview_categories": settings.interview_categories,
            "interview_tags": settings.interview_tags,
            "fsrs_parameters": settings.fsrs_parameters,
            "fsrs_log_loss": [settings.fsrs_log_loss_before, settings.fsrs_log_loss_after],
        }
        if settings
        else None,
        "cards": [
            {
                "question": card.question.slug,
                "state": Card.State(card.state).name.lower(),
                "step": card.step,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": iso(card.due),
                "last_review": iso(card.last_review),
                "first_seen": iso(card.created_at),
            }
            for card in Card.objects.filter(user=user).select_related("question").order_by("pk").iterator()
        ],
        "reviews": [
            {
                "question": log.question.slug,
                "rating": ReviewLog.Rating(log.rating).name.lower(),
                "reviewed_at": iso(log.reviewed_at),
                "elapsed_seconds": log.elapsed_seconds,
                "duration_ms": log.duration_ms,
            }
            for log in ReviewLog.objects.filter(user=user).select_related("question").iterator()
        ],
        "bookmarks": [
            {"question": b.question.slug, "created_at": iso(b.created_at)}
            for b in Bookmark.objects.filter(user=user).select_related("question").order_by("pk")
        ],
        "notes": [
            {"question": n.question.slug, "text": n.text, "updated_at": iso(n.updated_at)}
            for n in Note.objects.filter(user=user).select_related("question").order_by("pk")
        ],
        "typed_answers": [
            {
                "question": typed.question.slug,
                "answer": typed.text,
                "typed_at": iso(typed.created_at),
                "key_points_covered": typed.covered,
                "key_points": typed.points,
                # None: typed before the missed points were kept.
                "key_points_missed": None
                if typed.point_verdicts is None
                else [statement for statement, covered in typed.point_verdicts.items() if not covered],
            }
            for typed in TypedAnswer.objects.filter(user=user).select_related("question").order_by("pk")
        ],
        "mock_interviews": [
            {
                "started_at": iso(interview.started_at),
                "finished_at": iso(interview.finished_at),
                "categories": interview.category_slugs,
                "seconds_per_question": interview.seconds_per_question,
                "answers": [
                    {
                        "question": a.question.slug,
                        "answer": a.text,
                        "started_at": iso(a.started_at),
                        "submitted_at": iso(a.submitted_at),
                        "timed_out": a.timed_out,
                        "model_check": a.model_check,
                        "rating": ReviewLog.Rating(a.rating).name.lower() if a.rating else None,
                    }
                    for a in interview.answers.all()
                ],
            }
            for interview in MockInterview.objects.filter(user=user).prefetch_related("answers__question")
        ],
    }
