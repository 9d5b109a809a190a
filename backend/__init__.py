"""DoeMee service core: configuration, models, domain operations and the request pipeline (the app factory, the
WSGI entry point and the command line that put it together with the surfaces are in doemee/).

Layering: an import points down this list (or stays inside its package), never up; tests/test_layering.py reads
every import statement (module level and inside functions) and fails on a cycle between packages and on
notifications importing a feature.

1. Foundation - no feature, no Flask request: config, extensions (unbound db, migrate, jwt, limiter),
   models_base, errors (the DomainError hierarchy), i18n (message catalogue), pagination, taxonomy (shipped data),
   localtime (the one source of the local time zone), diagnosis (errors in words for the logs),
   rendering (QR codes, reason texts: helpers the surfaces call), phone (Dutch numbers as shared), schemas (the strict base of every feature's
   input schemas, ``<feature>/schemas.py``, which both surfaces load their input through).
2. Infrastructure - services every feature may use, which know no feature: audit (the trail), notifications
   (devices, preferences, the outbox, the relay, reply tokens; it reads the users table by name only),
   background (a task queued in the current transaction), the job runner (jobs/runner.py, jobs/models.py), and
   observability (log format, metrics, readiness, the health and metrics endpoints; it reads the outbox and the job
   engine's tables, and counts audited actions).
3. Features, each a package of models, operations and messages, in this order (a feature imports only those
   before it): accounts (identity, roles, sessions) - places (municipalities, neighbourhoods; staff rights need
   roles) - volunteers - organisations - opportunities (vacancies, shifts, the help request's window) -
   engagements (sign-ups, waitlist, check-in, hours, and schedule changes that touch them) - help (requests and
   offers) - conversations (threads about a vacancy, a shift or an accepted offer) - initiatives - recommendations -
   reports - campaigns - appreciation - reminders (one-tap answers, acting on engagements and help offers) -
   saved (favourites and saved searches, whose alert asks the open list's search).
   sso (a municipality's own identity provider: signs in accounts of its staff and its organisations'
   coordinators; issuers are checked with the webhooks' URL rule) comes after webhooks.
4. Composition - lists that name the features: data_rights (export and erasure, every feature's part as data), jobs
   (definitions and job functions), reference_data (loading), demo. (The app factory, wsgi and the CLI, which name
   the surfaces too, are the composition root above everything: doemee/.)

5. The request pipeline - http: what every request of either surface passes (the input guard, the unit of work and
   its idempotency keys, the security headers, the login throttle, the return-URL check, the error handling that
   turns any exception into a status and a message key); it knows no surface (each registers its renderer).

Surfaces (mobile_api/, web/) sit above all of these and call operations; nothing in backend/ imports them, and
neither imports the other; doemee/ composes them (tests/test_layering.py checks all three).
"""
