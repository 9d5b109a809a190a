"""Messages of the thank-you campaign, in Dutch and English."""
from backend.i18n import add_messages

add_messages({
    # problem titles of the voucher problems (their own types, so a shop's till can react to each)
    "voucher-unknown": {"en": "Unknown code", "nl": "Onbekende code"},
    "voucher-other-shop": {"en": "Voucher of another shop", "nl": "Waardebon van een andere winkel"},
    "voucher-expired": {"en": "Voucher expired", "nl": "Waardebon verlopen"},
    "voucher-redeemed": {"en": "Voucher already redeemed", "nl": "Waardebon al ingewisseld"},
    # details
    "detail.voucher_unknown": {
        "en": "No valid voucher or letter code with this code exists (it may have been cancelled). "
              "Check the code for typing errors.",
        "nl": "Er bestaat geen geldige waardebon of briefcode met deze code (misschien is hij geannuleerd). "
              "Controleer de code op typefouten.",
    },
    "detail.voucher_other_shop": {
        "en": "This voucher is for a gift from another shop; it cannot be redeemed here.",
        "nl": "Deze waardebon is voor een cadeau van een andere winkel; hij kan hier niet worden ingewisseld.",
    },
    "detail.voucher_expired": {
        "en": "Vouchers of this campaign could be redeemed until {until}.",
        "nl": "Waardebonnen van deze actie konden worden ingewisseld tot {until}.",
    },
    "detail.voucher_redeemed": {
        "en": "This voucher was already redeemed on {at}; it can be used only once.",
        "nl": "Deze waardebon is al ingewisseld op {at}; hij kan maar één keer worden gebruikt.",
    },
    "detail.letter_code_used": {
        "en": "This letter code was already exchanged for a gift.",
        "nl": "Deze briefcode is al ingewisseld voor een cadeau.",
    },
    "detail.campaign_not_open": {
        "en": "Gifts can be chosen from {opens} until {closes}.",
        "nl": "Cadeaus kunnen worden gekozen van {opens} tot {closes}.",
    },
    "detail.not_eligible": {
        "en": "You are not eligible for this campaign: {reasons}",
        "nl": "Je doet niet mee aan deze actie: {reasons}",
    },
    "detail.campaign_other_municipality": {
        "en": "This campaign is for volunteers of another municipality.",
        "nl": "Deze actie is voor vrijwilligers van een andere gemeente.",
    },
    "detail.no_current_campaign": {
        "en": "There is no thank-you campaign in your municipality right now.",
        "nl": "Er loopt nu geen bedankactie in jouw gemeente.",
    },
    "detail.out_of_stock": {
        "en": "This gift is no longer available; choose another one.",
        "nl": "Dit cadeau is op; kies een ander.",
    },
    "detail.claim_redeemed": {
        "en": "Your voucher was already redeemed; your choice can no longer change.",
        "nl": "Je waardebon is al ingewisseld; je keuze kan niet meer veranderen.",
    },
    "detail.claim_exists": {
        "en": "You already chose a gift in this campaign.",
        "nl": "Je hebt in deze actie al een cadeau gekozen.",
    },
    "detail.already_claimed_by_app": {
        "en": "This volunteer already chose a gift in the app; the letter code is no longer valid.",
        "nl": "Deze vrijwilliger heeft al een cadeau gekozen in de app; de briefcode is niet meer geldig.",
    },
    "detail.not_merchant_staff": {
        "en": "You do not work for this shop in DoeMee.",
        "nl": "Je werkt in DoeMee niet voor deze winkel.",
    },
    "detail.merchant_not_verified": {
        "en": "The municipality has not verified this shop yet.",
        "nl": "De gemeente heeft deze winkel nog niet gecontroleerd.",
    },
    "detail.campaign_started": {
        "en": "The campaign has opened; its eligibility rule and budget can no longer change.",
        "nl": "De actie is begonnen; de voorwaarden en het budget kunnen niet meer veranderen.",
    },
    "detail.campaign_closed": {
        "en": "The campaign has closed.",
        "nl": "De actie is gesloten.",
    },
    "detail.campaign_overlaps": {
        "en": "The campaign \"{name}\" of this municipality runs from {opens} until {until} (vouchers included); "
              "only one campaign can run at a time. Choose dates outside it, or change or cancel that campaign.",
        "nl": "De actie \"{name}\" van deze gemeente loopt van {opens} tot {until} (inwisselen inbegrepen); "
              "er kan maar één actie tegelijk lopen. Kies data daarbuiten, of wijzig of annuleer die actie.",
    },
    "detail.campaign_cancelled": {
        "en": "This campaign was cancelled.",
        "nl": "Deze actie is geannuleerd.",
    },
    "detail.campaign_over": {
        "en": "This campaign is over (vouchers can no longer be redeemed); it can no longer be cancelled.",
        "nl": "Deze actie is voorbij (waardebonnen kunnen niet meer worden ingewisseld); annuleren kan niet meer.",
    },
    "detail.export_in_progress": {
        "en": "Someone else is exporting the letter codes right now; try again in a moment.",
        "nl": "Iemand anders exporteert de briefcodes op dit moment; probeer het zo opnieuw.",
    },
    # field messages
    "field.window_order": {
        "en": "Must be after opens_at (and redeem_until not before closes_at).",
        "nl": "Moet na opens_at liggen (en redeem_until niet vóór closes_at).",
    },
    "field.rule_empty": {
        "en": "Say who takes part: a minimum of hours or engagements, registered_before, or everyone: true.",
        "nl": "Geef aan wie meedoet: een minimum aantal uren of inzetten, registered_before, of everyone: true.",
    },
    "field.rule_everyone_and_minimum": {
        "en": "Either everyone takes part or a minimum applies, not both.",
        "nl": "Óf iedereen doet mee, óf er geldt een minimum; niet allebei.",
    },
    "field.closes_in_past": {
        "en": "The new closing must lie in the future.",
        "nl": "De nieuwe sluiting moet in de toekomst liggen.",
    },
    "field.period_order": {
        "en": "period_end must not lie before period_start.",
        "nl": "period_end mag niet vóór period_start liggen.",
    },
    "field.rule_needs_period": {
        "en": "Give period_start and period_end with a minimum of hours or engagements.",
        "nl": "Geef period_start en period_end op bij een minimum aantal uren of inzetten.",
    },
    "field.value_over_budget": {
        "en": "At most the budget per volunteer ({budget} cents).",
        "nl": "Hoogstens het budget per vrijwilliger ({budget} cent).",
    },
    "field.gift_not_in_campaign": {
        "en": "No gift with this id in this campaign.",
        "nl": "Geen cadeau met deze id in deze actie.",
    },
    "field.gift_not_of_shop": {
        "en": "This gift is not offered by this shop.",
        "nl": "Dit cadeau wordt niet door deze winkel aangeboden.",
    },
    "field.no_account": {
        "en": "No DoeMee account with this e-mail address; ask the person to register first.",
        "nl": "Geen DoeMee-account met dit e-mailadres; vraag de persoon zich eerst te registreren.",
    },
    "field.not_our_volunteer": {
        "en": "This volunteer has not worked with your organisation.",
        "nl": "Deze vrijwilliger heeft niet met jullie organisatie gewerkt.",
    },
    "field.organisation_not_verified": {
        "en": "Only organisations verified by the municipality can nominate.",
        "nl": "Alleen organisaties die de gemeente heeft gecontroleerd kunnen voordragen.",
    },
    "field.stock_below_claimed": {
        "en": "Already {claimed} chosen; the stock offered cannot be lower.",
        "nl": "Al {claimed} keer gekozen; het aanbod kan niet lager zijn.",
    },
    # eligibility reasons (code -> text); the API shows both
    "reason.eligible": {"en": "You take part in this campaign.", "nl": "Je doet mee aan deze actie."},
    "reason.enough_hours": {
        "en": "You volunteered at least {hours} approved hours between {start} and {end}.",
        "nl": "Je hebt tussen {start} en {end} minstens {hours} goedgekeurde uren vrijwilligerswerk gedaan.",
    },
    "reason.too_few_hours": {
        "en": "You have {have} approved hours between {start} and {end}; {hours} are needed.",
        "nl": "Je hebt tussen {start} en {end} {have} goedgekeurde uren; {hours} zijn nodig.",
    },
    "reason.enough_engagements": {
        "en": "You completed at least {count} engagements between {start} and {end}.",
        "nl": "Je hebt tussen {start} en {end} minstens {count} inzetten afgerond.",
    },
    "reason.too_few_engagements": {
        "en": "You completed {have} engagements between {start} and {end}; {count} are needed.",
        "nl": "Je hebt tussen {start} en {end} {have} inzetten afgerond; {count} zijn nodig.",
    },
    "reason.nominated": {
        "en": "An organisation you volunteer for nominated you.",
        "nl": "Een organisatie waarvoor je vrijwilligerswerk doet heeft je voorgedragen.",
    },
    "reason.everyone": {
        "en": "Every volunteer of the municipality takes part.",
        "nl": "Alle vrijwilligers van de gemeente doen mee.",
    },
    "reason.registered_too_late": {
        "en": "Only volunteers who registered before {date} take part.",
        "nl": "Alleen vrijwilligers die zich vóór {date} hebben aangemeld doen mee.",
    },
    "reason.other_municipality": {
        "en": "This campaign is for volunteers of another municipality.",
        "nl": "Deze actie is voor vrijwilligers van een andere gemeente.",
    },
    # running the campaign from the web portal (issue 13)
    "detail.shop_not_invited": {
        "en": "Your shop was not invited to offer gifts in this campaign.",
        "nl": "Je winkel is niet uitgenodigd om cadeaus aan te bieden in deze actie.",
    },
    "detail.gift_approved_fixed": {
        "en": "This gift was approved; only its stock can still change.",
        "nl": "Dit cadeau is goedgekeurd; alleen het aantal kan nog veranderen.",
    },
    "detail.gift_not_pending": {
        "en": "This gift is not waiting for approval (any more).",
        "nl": "Dit cadeau wacht niet (meer) op goedkeuring.",
    },
    "detail.campaign_no_gifts": {
        "en": "Approve at least one gift before opening the campaign.",
        "nl": "Keur eerst minstens één cadeau goed voordat je de actie opent.",
    },
    "detail.campaign_not_started": {
        "en": "This campaign has not opened yet; cancel it instead of closing it.",
        "nl": "Deze actie is nog niet geopend; annuleer hem in plaats van hem te sluiten.",
    },
    "field.picture_too_big": {
        "en": "The picture may be at most {kb} kB.",
        "nl": "De foto mag hoogstens {kb} kB zijn.",
    },
    "field.picture_type": {
        "en": "Choose a JPEG, PNG or WebP picture.",
        "nl": "Kies een foto van het type JPEG, PNG of WebP.",
    },
    "field.letter_code_unknown": {
        "en": "No letter code of this campaign has this code. Check it for typing errors.",
        "nl": "Geen briefcode van deze actie heeft deze code. Controleer hem op typefouten.",
    },
    "field.letter_code_used": {
        "en": "This letter code was already exchanged for a gift.",
        "nl": "Deze briefcode is al ingewisseld voor een cadeau.",
    },
    "field.gift_out_of_stock": {
        "en": "This gift is no longer available; choose another one.",
        "nl": "Dit cadeau is op; kies een ander.",
    },
})
