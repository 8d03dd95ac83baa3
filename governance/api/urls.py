"""The governance app's part of /api/v1/, included by config.urls under the `api` namespace."""

from rest_framework.routers import SimpleRouter

from django.urls import path

from governance.api import views

router = SimpleRouter(use_regex_path=False)
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("actions", views.ActionViewSet, basename="action")
router.register("challenges", views.ChallengeViewSet, basename="challenge")
router.register("metrics", views.MetricViewSet, basename="metric")
router.register("metric-values", views.MetricValueViewSet, basename="metricvalue")

urlpatterns = [
    *router.urls,
    path(
        "popolo/vote_events.json",
        views.PopoloVoteEventsView.as_view(),
        name="popolo-vote_events",
    ),
]
