from mobile_api.resources import (appreciation, auth, campaigns, engagements, help as help_requests, initiatives,
                                  matching, me, merchants, meta, notifications, opportunities, organisations, places,
                                  skills, staff)
from mobile_api.resources import conversations, downloads, reports, verification
from mobile_api.resources import webhooks
from mobile_api.resources import saved
from mobile_api.resources import campaign_lifecycle, coordination, opportunity_search
from mobile_api.resources import sso

BLUEPRINTS = [meta.blp, places.blp, skills.blp, auth.blp, me.blp, staff.blp, organisations.blp, opportunities.blp,
              engagements.blp, help_requests.blp, initiatives.blp, matching.blp, notifications.blp, appreciation.blp,
              campaigns.blp, merchants.blp]
BLUEPRINTS.append(reports.blp)
BLUEPRINTS.append(verification.blp)
BLUEPRINTS.append(downloads.blp)
BLUEPRINTS.append(conversations.blp)
BLUEPRINTS.append(webhooks.blp)
BLUEPRINTS.append(saved.blp)
BLUEPRINTS.append(campaign_lifecycle.blp)
BLUEPRINTS.append(coordination.blp)
BLUEPRINTS.append(opportunity_search.blp)
BLUEPRINTS.append(sso.blp)
