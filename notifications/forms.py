from django import forms

from .registry import Delivery, Notice


class PreferencesForm(forms.Form):
    """One choice per kind of notification the person can receive."""

    def __init__(self, *args, kinds: list[type[Notice]], chosen: dict[str, Delivery], **kw):
        super().__init__(*args, **kw)
        self.kinds = kinds
        for kind in kinds:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=[
                    (value, f"{label} (the default)" if value == kind.default else label)
                    for value, label in Delivery.choices
                ],
                initial=chosen.get(kind.key, kind.default),
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose how to hear about: {kind.label.lower()}."},
            )
