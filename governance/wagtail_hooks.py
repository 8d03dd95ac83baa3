from django.utils import timezone

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core import personal
from core.admin_scope import register_scope
from governance.admin import NoDeletePermissionPolicy, ReadOnlyPermissionPolicy
from governance.choosers import (
    ActionChooserViewSet,
    AuditChooserViewSet,
    ChallengeChooserViewSet,
    DecisionChooserViewSet,
    ImprovementActionChooserViewSet,
)
from governance.models import (
    Action,
    Audit,
    AuditFinding,
    AuditRecommendation,
    BodyGovernanceSettings,
    Budget,
    Challenge,
    Decision,
    DeclarationOfInterest,
    ImprovementAction,
    ImprovementPlan,
    Matter,
    Metric,
    MetricValue,
    Minutes,
    PlanObjective,
    PlanPriority,
    RagScheme,
    RegisteredInterest,
    Resolution,
    ResolutionStatus,
    ResolutionVoter,
    Risk,
)
from governance.performance.viewsets import performance_admin
from governance.selectors import open_actions_for_owner
from governance.viewsets import GovernanceViewSetGroup
from membership.models import Person
from membership.partnerships import (
    admin_partnership_ids,
    refusal_for,
    register_admin_scopes,
    scope_people,
)

register_admin_scopes(
    {
        Decision: "body",
        Action: "body",
        Challenge: "body",
        Risk: "body",
        Matter: "body",
        ImprovementPlan: "body",
        PlanPriority: "plan__body",
        PlanObjective: "priority__plan__body",
        ImprovementAction: "objective__priority__plan__body",
        BodyGovernanceSettings: "body",
        DeclarationOfInterest: "agenda_item__meeting__body",
        Minutes: "meeting__body",
        Metric: "body",
        MetricValue: "metric__body",
        Audit: "body",
        AuditFinding: "audit__body",
        AuditRecommendation: "audit__body",
        Resolution: "body",
    }
)


def _scope_by_partnership(request, queryset):
    if request.user.is_superuser:
        return queryset
    return queryset.filter(partnership_id__in=admin_partnership_ids(request))


# A budget and a RAG scheme belong to a partnership: the business unit sees those of the
# partnerships it runs.
for model in (Budget, RagScheme):
    register_scope(model, _scope_by_partnership, refusal=refusal_for(model))

# A register of interests belongs to a person: a business unit sees the registers of the
# people it keeps (membership.partnerships.scope_people).
register_scope(
    RegisteredInterest,
    lambda request, queryset: queryset.filter(
        person__in=scope_people(request, Person.objects.all())
    ),
    refusal=refusal_for(RegisteredInterest),
)

# Registered before the viewsets ask for a policy (wagtail.permissions.PolicyRegistry).
for model in (
    Action,
    BodyGovernanceSettings,
    Challenge,
    Decision,
    DeclarationOfInterest,
    ImprovementAction,
    ImprovementPlan,
    Matter,
    PlanObjective,
    RagScheme,
    RegisteredInterest,
    Risk,
):
    register_permission_policy(model, NoDeletePermissionPolicy(model))
register_permission_policy(Minutes, ReadOnlyPermissionPolicy(Minutes))
register_permission_policy(Resolution, ReadOnlyPermissionPolicy(Resolution))


@hooks.register("register_admin_viewset")
def register_governance_viewsets():
    return GovernanceViewSetGroup()


hooks.register("register_admin_viewset", performance_admin)


@hooks.register("register_admin_viewset")
def register_governance_choosers():
    return [
        DecisionChooserViewSet("decision_chooser"),
        ActionChooserViewSet("action_chooser"),
        ChallengeChooserViewSet("challenge_chooser"),
        ImprovementActionChooserViewSet("improvement_action_chooser"),
        AuditChooserViewSet("audit_chooser"),
    ]


@hooks.register(personal.HOOK)
def my_open_actions(request, person):
    if person is None:
        return None
    actions, total = open_actions_for_owner(request.user, person, on=timezone.localdate())
    return personal.MyPageSection(
        heading="My actions",
        anchor="my-actions",
        template="governance/includes/my_page_actions.html",
        order=20,
        context={"actions": actions, "total": total},
    )


@hooks.register(personal.HOOK)
def my_register_of_interests(request, person):
    # A link only, so /my/ costs no more queries; the due date is on the register's page.
    if person is None:
        return None
    return personal.MyPageSection(
        heading="My register of interests",
        anchor="my-interests",
        template="governance/includes/my_page_interests.html",
        order=25,
    )


@hooks.register(personal.HOOK)
def my_resolutions_awaiting_vote(request, person):
    if person is None:
        return None
    waiting = list(
        ResolutionVoter.objects.filter(
            person=person,
            voted_at__isnull=True,
            resolution__status=ResolutionStatus.OPEN,
            resolution__deadline__gt=timezone.now(),
        )
        .select_related("resolution__body")
        .order_by("resolution__deadline")
    )
    if not waiting:
        return None
    return personal.MyPageSection(
        heading="Resolutions awaiting my vote",
        anchor="my-resolutions",
        template="governance/includes/my_page_resolutions.html",
        order=15,
        context={"waiting": waiting},
    )
