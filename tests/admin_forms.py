"""Submit a Wagtail admin form the way a browser does: read the rendered page, keep every
field as it was sent, change only what the test says, and add inline rows from the
formset's empty-form template."""

from __future__ import annotations

from html.parser import HTMLParser

from core.admin_views import latest_change

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "file", "reset"}
TEMPLATE_MARKER = "__prefix__"


class _FormParser(HTMLParser):
    """Collects the fields of every form on a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"method": (attrs.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value") or "on"))
                return
            self._form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a browser sends the first option when none is selected
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that Django writes after <textarea>.
            text = self._textarea["text"].removeprefix("\n")
            self._form["fields"].append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "form":
            self._form = None


class AdminForm:
    """The data of the page's main POST form, ready to change and submit."""

    def __init__(self, fields: list[tuple[str, str]]):
        self.data: dict[str, list[str]] = {}
        for name, value in fields:
            self.data.setdefault(name, []).append(value)

    def __getitem__(self, name: str) -> str:
        return self.data[name][0]

    def __setitem__(self, name: str, value) -> None:
        if isinstance(value, list | tuple):
            self.data[name] = [str(v) for v in value]
        else:
            self.data[name] = ["" if value is None else str(value)]

    def total(self, prefix: str) -> int:
        return int(self[f"{prefix}-TOTAL_FORMS"])

    def row_for(self, prefix: str, field: str, value) -> int:
        """The index of the inline row whose `field` is `value` (e.g. a membership's id)."""
        for index in range(self.total(prefix)):
            if self.data.get(f"{prefix}-{index}-{field}") == [str(value)]:
                return index
        raise KeyError(f"No {prefix} row with {field}={value}")

    def set_row(self, prefix: str, index: int, **values) -> None:
        for field, value in values.items():
            self[f"{prefix}-{index}-{field}"] = value

    def add_row(self, prefix: str, **values) -> int:
        """Add an inline row as the "Add" button does, from the formset's template."""
        index = self.total(prefix)
        template = f"{prefix}-{TEMPLATE_MARKER}-"
        for name, value in list(self.data.items()):
            if name.startswith(template):
                self.data[f"{prefix}-{index}-{name[len(template) :]}"] = list(value)
        self[f"{prefix}-TOTAL_FORMS"] = index + 1
        self.set_row(prefix, index, **values)
        return index

    def post_data(self) -> dict[str, list[str]]:
        return {name: value for name, value in self.data.items() if TEMPLATE_MARKER not in name}


def admin_form(client, url: str) -> AdminForm:
    """GET the admin page at `url` and return its main POST form."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    parser = _FormParser()
    parser.feed(response.content.decode())
    forms = [form for form in parser.forms if form["method"] == "post"]
    assert forms, f"No POST form on {url}"
    return AdminForm(max(forms, key=lambda form: len(form["fields"]))["fields"])


def submit(client, url: str, form: AdminForm):
    return client.post(url, form.post_data())


def loaded_history_token(instance, related: tuple[str, ...] = ()) -> str:
    """The token an edit form carries of the record as the browser loaded it."""
    return latest_change(instance, related)[1]


def fill_and_submit(client, url: str, **values):
    """Open the admin form at `url`, change the named fields as a person would, and submit."""
    form = admin_form(client, url)
    for name, value in values.items():
        form[name] = value
    return submit(client, url, form)
