"""The log-in form: Django's, with the username's maximum checked before it is tried.

Django's AuthenticationForm shows the username's maximum (maxlength) but does not check
it, so a longer one went on to authentication, and a failed try to django-axes'
record of failed log-ins: a server error on PostgreSQL (its username is varchar(255)),
and on SQLite the whole text stored for every try.
"""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class LoginForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))
