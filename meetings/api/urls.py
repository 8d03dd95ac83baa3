"""The meetings app's part of /api/v1/, included by config.urls under the `api` namespace."""

from rest_framework.routers import SimpleRouter

from django.urls import path

from meetings.api import views

router = SimpleRouter(use_regex_path=False)
router.register("partnerships", views.PartnershipViewSet, basename="partnership")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("people", views.PersonViewSet, basename="person")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("agenda-versions", views.AgendaVersionViewSet, basename="agendaversion")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    *router.urls,
    path(
        "popolo/organizations.json",
        views.PopoloOrganizationsView.as_view(),
        name="popolo-organizations",
    ),
    path("popolo/people.json", views.PopoloPeopleView.as_view(), name="popolo-people"),
    path("popolo/posts.json", views.PopoloPostsView.as_view(), name="popolo-posts"),
    path(
        "popolo/memberships.json",
        views.PopoloMembershipsView.as_view(),
        name="popolo-memberships",
    ),
    path("popolo/events.json", views.PopoloEventsView.as_view(), name="popolo-events"),
]
