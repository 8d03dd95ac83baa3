"""What the API says about decisions, actions, challenges and metrics: the fields their
pages show, never more. Who may see a record at all is decided in the views' querysets
(governance.selectors), so every row a serializer gets is one the reader may see; the
`restricted` flag says that it is seen only by members of its body and the business unit.

Internal working (action updates, challenge responses and assessments, who recorded a
figure, history) stays on the pages and out of the API.
"""

from .metrics import (
    MetricDefinitionSerializer,
    MetricReadingSerializer,
    MetricRefSerializer,
    MetricSerializer,
    MetricValueSerializer,
)
from .records import (
    ActionSerializer,
    ChallengeRefSerializer,
    ChallengeSerializer,
    DecisionRefSerializer,
    DecisionSerializer,
)

__all__ = [
    "ActionSerializer",
    "ChallengeRefSerializer",
    "ChallengeSerializer",
    "DecisionRefSerializer",
    "DecisionSerializer",
    "MetricDefinitionSerializer",
    "MetricReadingSerializer",
    "MetricRefSerializer",
    "MetricSerializer",
    "MetricValueSerializer",
]
