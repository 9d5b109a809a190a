"""Single sign-on for staff and coordinators with a municipality's own OpenID Connect provider."""
