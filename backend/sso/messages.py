"""Messages of single sign-on (API errors and the login page), in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "detail.sso.not_configured": N_("This municipality has no single sign-on."),
    "detail.sso.failed": N_("Logging in with your organisation did not work. Please try again, or log in with "
                            "your e-mail address and password."),
    "detail.sso.unverified": N_("Your organisation has not confirmed your e-mail address, so we cannot log you in "
                                "this way."),
    "detail.sso.no_account": N_("There is no DoeMee account for staff with this e-mail address. Ask your "
                                "municipality to create one for you."),
    "field.sso.issuer_https": N_("The address must start with https://."),
    "field.sso.domain_invalid": N_("This is not an e-mail domain."),
    "field.sso.domain_taken": N_("Another municipality already signs in this domain."),
})
