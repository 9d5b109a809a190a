"""The curated skill taxonomy, interests and languages."""
from marshmallow import fields

from backend.reference_data import taxonomy
from backend.volunteers import taxonomy_ops
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema, page_of

blp = Blueprint("skills", __name__, description="Skills, interests and languages")


class SkillSchema(Schema):
    code = fields.String(required=True)
    category = fields.String(required=True)
    label_nl = fields.String(required=True)
    label_en = fields.String(required=True)


class TaxonomySchema(Schema):
    interests = fields.List(fields.String(), required=True)
    languages = fields.List(fields.String(), required=True)


SkillPage = page_of(SkillSchema, "SkillPage")


@blp.page("/skills", ("public",), SkillPage)
def list_skills(args):
    """Skills a volunteer can choose, with Dutch and English labels."""
    return taxonomy_ops.list_skills(**args)


@blp.endpoint("/taxonomy", "GET", "public", (200, TaxonomySchema))
def get_taxonomy():
    """The interest categories and language codes a profile may use."""
    tax = taxonomy()
    return {"interests": tax["interests"], "languages": tax["languages"]}
