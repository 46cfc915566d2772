from django.contrib.auth.forms import AuthenticationForm


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


class EmailAuthenticationForm(AuthenticationForm):
    """Addresses are stored in lower case; people type them as they like."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The user name is the e-mail address: phones show the e-mail keyboard, and with
        # autocomplete="username" beside "current-password" password managers fill both in
        # (WCAG 1.3.5, identify input purpose).
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username"))


def axes_username(request, credentials: dict | None = None) -> str:
    """The name django-axes counts failures under: "Officer@X.dk" and "officer@x.dk" are one
    account, so varying the letter case must not dodge the lockout."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    return normalise_email(source.get("username"))
