"""The shape of a municipality's single sign-on settings (the operations check the issuer and the domains)."""
from marshmallow import fields, validate

from backend.schemas import Schema, text


class ProviderInSchema(Schema):
    display_name = text(80, min_length=1, required=True,
                        metadata={"description": 'shown on the login page: "Inloggen met <display_name>"'})
    issuer = text(300, min_length=1, required=True,
                  metadata={"description": "the provider's issuer URL (https://...), as in its discovery document"})
    client_id = text(200, min_length=1, required=True, metadata={"description": "DoeMee's client id at the provider"})
    client_secret = text(300, min_length=1, required=True, load_only=True,
                         metadata={"description": "DoeMee's client secret at the provider; never shown back"})
    email_domains = fields.List(text(253, min_length=1), required=True, validate=validate.Length(min=1, max=20),
                                metadata={"description": "the e-mail domains whose accounts sign in here, e.g. "
                                                         "maassluis.nl"})
    enabled = fields.Boolean(load_default=True, metadata={"description": "false hides the login button"})
