from mobile_api.resources import auth, me, meta, places, skills, staff

BLUEPRINTS = [meta.blp, places.blp, skills.blp, auth.blp, me.blp, staff.blp]
