from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_views import ScopedViewSetMixin
from governance import services
from governance.admin import GovernanceViewSet, LinkedChoicesAdminForm
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
    RegisteredInterest,
    Risk,
)
from governance.resolution_viewsets import ResolutionViewSet
from governance.services import interests as interest_services


def _save_decision(*, actor, instance, reason=""):
    if instance.pk:
        return services.decision_save(actor=actor, decision=instance, reason=reason)
    return services.decision_record(
        actor=actor,
        body=instance.body,
        title=instance.title,
        text=instance.text,
        decision_type=instance.decision_type,
        decided_on=instance.decided_on,
        meeting=instance.meeting,
        agenda_item=instance.agenda_item,
        is_restricted=instance.is_restricted,
        reason=reason,
    )


def _save_action(*, actor, instance, reason=""):
    if instance.pk:
        return services.action_save(actor=actor, action=instance, reason=reason)
    return services.action_create(
        actor=actor,
        body=instance.body,
        description=instance.description,
        owner=instance.owner,
        organisation=instance.organisation,
        raised_on=instance.raised_on,
        due_date=instance.due_date,
        meeting=instance.meeting,
        agenda_item=instance.agenda_item,
        decision=instance.decision,
        challenge=instance.challenge,
        improvement_action=instance.improvement_action,
        audit=instance.audit,
        source_note=instance.source_note,
        is_restricted=instance.is_restricted,
    )


def _save_challenge(*, actor, instance, reason=""):
    if instance.pk:
        return services.challenge_save(actor=actor, challenge=instance, reason=reason)
    return services.challenge_raise(
        actor=actor,
        body=instance.body,
        raised_on=instance.raised_on,
        raised_by=instance.raised_by,
        meeting=instance.meeting,
        agenda_item=instance.agenda_item,
        agency=instance.agency,
        agency_lead=instance.agency_lead,
        issue=instance.issue,
        evidence_kind=instance.evidence_kind,
        evidence_detail=instance.evidence_detail,
        ask=instance.ask,
        response_due=instance.response_due,
        is_restricted=instance.is_restricted,
    )


def _save_risk(*, actor, instance, reason=""):
    if instance.pk:
        return services.risk_save(actor=actor, risk=instance, reason=reason)
    # The form links actions and challenges after this returns (save_m2m).
    return services.risk_register(
        actor=actor,
        body=instance.body,
        title=instance.title,
        owner=instance.owner,
        likelihood=instance.likelihood,
        impact=instance.impact,
        target_score=instance.target_score,
        cause=instance.cause,
        consequence=instance.consequence,
        controls=instance.controls,
        opened_on=instance.opened_on,
        is_restricted=instance.is_restricted,
    )


def _save_plan(*, actor, instance, reason=""):
    return services.plan_save(actor=actor, plan=instance, reason=reason)


def _save_objective(*, actor, instance, reason=""):
    return services.objective_save(actor=actor, objective=instance, reason=reason)


def _save_improvement_action(*, actor, instance, reason=""):
    return services.improvement_action_save(actor=actor, improvement_action=instance, reason=reason)


def _save_scheme(*, actor, instance, reason=""):
    return services.rag_scheme_save(actor=actor, scheme=instance, reason=reason)


def _save_settings(*, actor, instance, reason=""):
    return services.body_settings_save(actor=actor, settings=instance, reason=reason)


def _save_declaration(*, actor, instance, reason=""):
    return services.declaration_save(actor=actor, declaration=instance, reason=reason)


def _save_registered_interest(*, actor, instance, reason=""):
    return interest_services.interest_register(
        actor=actor, person=instance.person, interest=instance
    )


def _save_matter(*, actor, instance, reason=""):
    return services.matter_save(actor=actor, matter=instance, reason=reason)


class ActionAdminForm(LinkedChoicesAdminForm):
    people_of_organisation = {"owner": "organisation"}


class ChallengeAdminForm(LinkedChoicesAdminForm):
    people_of_organisation = {"agency_lead": "agency"}


class ImprovementActionAdminForm(LinkedChoicesAdminForm):
    people_of_organisation = {"lead": "lead_organisation"}


class DecisionViewSet(GovernanceViewSet):
    model = Decision
    icon = "tick-inverse"
    menu_order = 100
    save_service = _save_decision
    list_display = ["reference", "title", "body", "decided_on", "decision_type", "status"]
    list_select_related = ("body",)
    list_filter = ["body", "decision_type", "status", "is_restricted"]
    search_fields = ["reference", "title", "text"]
    create_panels = Decision.panels[:1]


class ActionViewSet(GovernanceViewSet):
    model = Action
    icon = "list-ul"
    menu_order = 200
    save_service = _save_action
    form_class_base = ActionAdminForm
    list_display = ["reference", "description", "owner", "body", "due_date", "status"]
    list_select_related = ("owner", "body")
    list_filter = ["body", "status", "is_restricted"]
    search_fields = ["reference", "description"]


class ChallengeViewSet(GovernanceViewSet):
    model = Challenge
    icon = "warning"
    menu_order = 300
    save_service = _save_challenge
    form_class_base = ChallengeAdminForm
    list_display = ["reference", "agency", "body", "raised_on", "response_due", "status"]
    list_select_related = ("agency", "body")
    list_filter = ["body", "status", "escalation_level", "evidence_kind"]
    search_fields = ["reference", "issue", "ask"]


RISK_FIELDS = [
    FieldRowPanel([FieldPanel("body"), FieldPanel("owner")]),
    FieldPanel("title"),
    FieldPanel("cause"),
    FieldPanel("consequence"),
    FieldPanel("controls"),
    FieldRowPanel([FieldPanel("target_score"), FieldPanel("opened_on")]),
    FieldRowPanel([FieldPanel("status"), FieldPanel("is_restricted")]),
]
RISK_LINKS = MultiFieldPanel(
    [FieldPanel("actions"), FieldPanel("challenges")],
    heading="Links",
    help_text="The actions and challenges of the risk's own body (for a new risk, those "
    "of the body chosen above, offered once the form is saved or sent back).",
)


class RiskAdminForm(LinkedChoicesAdminForm):
    """A risk links the actions and challenges of its own body: twenty years of every body's
    logs would be thousands of options."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body_id = self.instance.body_id
        if body_id is None and self.is_bound and str(self.data.get("body", "")).isdigit():
            body_id = int(self.data["body"])  # a new risk: the body chosen on the form
        for name, model in (("actions", Action), ("challenges", Challenge)):
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(body_id=body_id)


class RiskViewSet(GovernanceViewSet):
    model = Risk
    icon = "pick"
    menu_order = 400
    save_service = _save_risk
    list_display = ["reference", "title", "body", "likelihood", "impact", "status"]
    list_select_related = ("body",)
    list_filter = ["body", "status", "is_restricted"]
    search_fields = ["reference", "title"]
    form_class_base = RiskAdminForm
    create_panels = [
        MultiFieldPanel(
            [*RISK_FIELDS, FieldRowPanel([FieldPanel("likelihood"), FieldPanel("impact")])],
            heading="Risk",
        ),
        RISK_LINKS,
    ]
    edit_panels = [
        MultiFieldPanel(
            RISK_FIELDS,
            heading="Risk",
            help_text="Likelihood and impact change only with a dated review, on the risk's "
            "page under Risks.",
        ),
        RISK_LINKS,
    ]


class PlanViewSet(GovernanceViewSet):
    model = ImprovementPlan
    icon = "doc-full"
    menu_label = "Plans"
    menu_order = 500
    save_service = _save_plan
    list_display = ["title", "kind", "body", "starts_on", "ends_on"]
    list_select_related = ("body",)
    list_filter = ["kind", "body"]
    search_fields = ["title"]


class ObjectiveViewSet(GovernanceViewSet):
    model = PlanObjective
    icon = "list-ol"
    menu_label = "Plan objectives"
    menu_order = 510
    save_service = _save_objective
    list_display = ["number", "title", "priority"]
    list_filter = ["priority__plan"]
    search_fields = ["title"]


class ImprovementActionViewSet(GovernanceViewSet):
    model = ImprovementAction
    icon = "list-ul"
    menu_label = "Plan actions"
    menu_order = 520
    save_service = _save_improvement_action
    form_class_base = ImprovementActionAdminForm
    list_display = ["number", "description", "lead", "due_date", "rag"]
    list_select_related = ("lead",)
    list_filter = ["objective__priority__plan", "rag"]
    search_fields = ["number", "description"]


class RagSchemeViewSet(GovernanceViewSet):
    """Each partnership's RAG words and colours: the business unit sees and edits those of
    the partnerships it runs (governance.wagtail_hooks scopes them)."""

    model = RagScheme
    icon = "radio-full"
    menu_label = "RAG schemes"
    menu_order = 600
    save_service = _save_scheme
    list_display = ["partnership", "name"]
    list_select_related = ("partnership",)
    search_fields = ["name"]


class BodySettingsViewSet(GovernanceViewSet):
    model = BodyGovernanceSettings
    icon = "cog"
    menu_label = "Body settings"
    menu_order = 610
    save_service = _save_settings
    list_display = ["body", "at_risk_days", "risk_appetite"]
    list_select_related = ("body",)


class DeclarationViewSet(GovernanceViewSet):
    model = DeclarationOfInterest
    icon = "user"
    menu_label = "Declarations of interest"
    menu_order = 700
    save_service = _save_declaration
    list_display = ["person", "interest", "agenda_item", "withdrew"]
    list_select_related = ("person", "agenda_item")
    search_fields = ["interest"]


class RegisteredInterestViewSet(GovernanceViewSet):
    """Members' standing registers of interests, for the business unit to enter and correct
    on a member's behalf; members keep their own at /my/interests/."""

    model = RegisteredInterest
    icon = "user"
    menu_label = "Register of interests"
    menu_order = 705
    save_service = _save_registered_interest
    list_display = ["person", "kind", "description", "organisation", "start_date", "end_date"]
    list_filter = ["kind"]
    list_select_related = ("person",)
    search_fields = ["description", "organisation"]


class MatterViewSet(GovernanceViewSet):
    model = Matter
    icon = "redirect"
    menu_order = 710
    save_service = _save_matter
    list_display = ["title", "body", "created"]
    list_select_related = ("body",)
    search_fields = ["title"]


class MinutesViewSet(ScopedViewSetMixin, ModelViewSet):
    """The minutes of every meeting and where they stand, to look at: they are written,
    circulated, approved and amended in the minutes editor on each meeting's page."""

    model = Minutes
    icon = "doc-full-inverse"
    menu_order = 150
    list_display = ["meeting", "status", "approved_on", "approval_decision"]
    list_filter = ["status"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "meeting",
        "status",
        "agenda_version",
        "drafted_at",
        "approved_at_meeting",
        "approved_on",
        "approval_decision",
    ]
    copy_view_enabled = False
    # The read-only policy refuses the add and edit views; Wagtail still builds their form.
    form_fields: list[str] = []


class GovernanceViewSetGroup(ViewSetGroup):
    menu_label = "Governance"
    menu_icon = "clipboard-list"
    menu_order = 300
    items = (
        DecisionViewSet,
        MinutesViewSet,
        ResolutionViewSet,
        ActionViewSet,
        ChallengeViewSet,
        RiskViewSet,
        PlanViewSet,
        ObjectiveViewSet,
        ImprovementActionViewSet,
        RagSchemeViewSet,
        BodySettingsViewSet,
        DeclarationViewSet,
        RegisteredInterestViewSet,
        MatterViewSet,
    )
