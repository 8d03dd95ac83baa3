"""Moving the RAG schemes from the bodies to their partnerships: each partnership takes its
board's scheme (or the first body's), each body keeps its at-risk window, and every body
whose words change and every scheme no partnership takes is printed and kept in the
schemes' history."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("membership", "0011_membership_role_type"),
    ("governance", "0016_resolution_papers"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# As in the partnership migration's test: migrated inside the test's transaction, with
# foreign keys checked at once so no deferred check is pending when a table is altered.
@pytest.mark.django_db
def test_each_partnership_takes_its_boards_scheme_and_nothing_is_lost_silently(capsys):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    old = _migrate(BEFORE)
    Partnership = old.get_model("membership", "Partnership")
    Body = old.get_model("membership", "Body")
    RagScheme = old.get_model("governance", "RagScheme")
    Settings = old.get_model("governance", "BodyGovernanceSettings")

    def partnership(name, code):
        made = Partnership.objects.create(name=name, code=code)
        board = Body.objects.create(
            partnership=made, name=f"{name} Board", slug="board", kind="board", sort_order=1
        )
        made.board = board
        made.save()
        return made, board

    def body(partnership, name, sort_order):
        return Body.objects.create(
            partnership=partnership, name=name, slug=name.lower(), sort_order=sort_order
        )

    boards_words = RagScheme.objects.create(
        name="Board words", complete_label="Completed", complete_colour="green"
    )
    plan_words = RagScheme.objects.create(
        name="Plan words", not_started_label="Programmed", at_risk_days=30
    )
    children, children_board = partnership("Children", "KSCB")
    improvement = body(children, "Improvement", 2)
    body(children, "Plain", 3)  # no settings: it spoke the standard words
    Settings.objects.create(body=children_board, rag_scheme=boards_words)
    Settings.objects.create(body=improvement, rag_scheme=plan_words, risk_appetite=10)
    adults, _adults_board = partnership("Adults", "KSAB")
    shared = body(adults, "Shared", 2)
    Settings.objects.create(body=shared, rag_scheme=boards_words)
    quiet, _quiet_board = partnership("Quiet", "QUIET")

    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new = _migrate(leaves)

    RagScheme = new.get_model("governance", "RagScheme")
    History = new.get_model("governance", "HistoricalRagScheme")
    Settings = new.get_model("governance", "BodyGovernanceSettings")
    ours = RagScheme.objects.get(partnership_id=children.pk)
    theirs = RagScheme.objects.get(partnership_id=adults.pk)
    assert ours.pk == boards_words.pk
    assert (ours.complete_label, ours.complete_colour) == ("Completed", "green")
    assert theirs.pk != ours.pk
    assert (theirs.name, theirs.complete_label, theirs.not_started_label) == (
        "Board words",
        "Completed",
        "Not started",
    )
    assert not RagScheme.objects.filter(partnership_id=quiet.pk).exists()
    assert not RagScheme.objects.filter(pk=plan_words.pk).exists()

    # Each body keeps its at-risk window and its other settings.
    windows = dict(Settings.objects.values_list("body_id", "at_risk_days"))
    assert windows == {children_board.pk: 14, improvement.pk: 30, shared.pk: 14}
    assert Settings.objects.get(body_id=improvement.pk).risk_appetite == 10

    # The dropped scheme and the bodies whose words changed are in the history and printed.
    dropped = History.objects.get(id=plan_words.pk, history_type="-")
    assert dropped.not_started_label == "Programmed"
    assert "It was used by: Improvement." in dropped.history_change_reason
    moved = History.objects.filter(id=ours.pk).latest("history_id")
    assert "these showed other words before: Improvement, Plain." in (moved.history_change_reason)
    printed = capsys.readouterr().out
    assert "“Plan words”" in printed and "Adults: a copy of “Board words”." in printed

    # Undone, each body names its partnership's scheme again.
    again = _migrate(BEFORE)
    Settings = again.get_model("governance", "BodyGovernanceSettings")
    rows = dict(Settings.objects.values_list("body_id", "rag_scheme_id"))
    assert rows == {children_board.pk: ours.pk, improvement.pk: ours.pk, shared.pk: theirs.pk}
