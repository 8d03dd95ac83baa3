from wagtail import hooks
from wagtail.permissions import register_permission_policy

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
    BodyGovernanceSettings,
    Challenge,
    Decision,
    DeclarationOfInterest,
    ImprovementAction,
    ImprovementPlan,
    Matter,
    Minutes,
    PlanObjective,
    RagScheme,
    Risk,
)
from governance.performance.viewsets import performance_admin
from governance.viewsets import GovernanceViewSetGroup

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
    Risk,
):
    register_permission_policy(model, NoDeletePermissionPolicy(model))
register_permission_policy(Minutes, ReadOnlyPermissionPolicy(Minutes))


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
