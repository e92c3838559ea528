from django.urls import path

from . import (
    answer_first_views,
    interview_views,
    mock_views,
    model_check_views,
    parameters_views,
    progress_views,
    study_views,
    views,
)

app_name = "practice"

urlpatterns = [
    path("", views.practice, name="home"),
    path("grade/", views.grade, name="grade"),
    path("undo/", study_views.undo_grade, name="undo"),
    path("custom/", study_views.custom_study_session, name="custom"),
    path("interview/", interview_views.interview_page, name="interview"),
    path("answer-first/", answer_first_views.toggle_answer_first, name="answer_first"),
    path("typed-answer/", answer_first_views.submit_typed_answer, name="typed_answer"),
    path("settings/", views.practice_settings, name="settings"),
    path("settings/optimise/", parameters_views.optimise, name="optimise"),
    path("bookmarks/", views.bookmarks, name="bookmarks"),
    path("questions/<int:question_id>/bookmark/", views.toggle_bookmark, name="bookmark"),
    path("questions/<int:question_id>/note/", views.note, name="note"),
    path("questions/<int:question_id>/note/save/", views.save_note, name="save_note"),
    path("progress/", progress_views.progress, name="progress"),
    path("typed/<int:pk>/ask-model/", model_check_views.ask_model_about_typed_answer, name="typed_ask_model"),
    path("mock/", mock_views.new_interview, name="mock_new"),
    path("mock/<int:pk>/", mock_views.interview, name="mock"),
    path("mock/<int:pk>/<int:position>/answer/", mock_views.submit_answer, name="mock_answer"),
    path("mock/<int:pk>/<int:position>/grade/", mock_views.grade_answer, name="mock_grade"),
    path("mock/<int:pk>/<int:position>/ask-model/", mock_views.ask_model, name="mock_ask_model"),
    path("mock/<int:pk>/finish/", mock_views.finish_interview, name="mock_finish"),
    path("mock/<int:pk>/summary/", mock_views.summary, name="mock_summary"),
]
