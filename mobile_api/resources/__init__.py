from mobile_api.resources import (auth, engagements, help as help_requests, initiatives, me, meta, opportunities,
                                  organisations, places, skills, staff)

BLUEPRINTS = [meta.blp, places.blp, skills.blp, auth.blp, me.blp, staff.blp, organisations.blp, opportunities.blp,
              engagements.blp, help_requests.blp, initiatives.blp]
