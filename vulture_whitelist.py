"""Names vulture (``make test``) takes for unused that are used from outside our code.

Each line uses a name so vulture counts it; nothing imports or runs this file.
"""
# mobile_api/resources/engagements.py QrSvg.get_value: marshmallow passes ``accessor=`` by keyword, so the
# parameter keeps its name although the field reads another attribute instead.
accessor  # noqa: B018, F821
