"""Messages of the thank-you campaign, in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    # problem titles of the voucher problems (their own types, so a shop's till can react to each)
    "voucher-unknown": N_("Unknown code"),
    "voucher-other-shop": N_("Voucher of another shop"),
    "voucher-expired": N_("Voucher expired"),
    "voucher-redeemed": N_("Voucher already redeemed"),
    # details
    "detail.voucher_unknown": N_(
        "No valid voucher or letter code with this code exists (it may have been cancelled). Check the code for "
        "typing errors."),
    "detail.voucher_other_shop": N_("This voucher is for a gift from another shop; it cannot be redeemed here."),
    "detail.voucher_expired": N_("Vouchers of this campaign could be redeemed until {until}."),
    "detail.voucher_redeemed": N_("This voucher was already redeemed on {at}; it can be used only once."),
    "detail.letter_code_used": N_("This letter code was already exchanged for a gift."),
    "detail.campaign_not_open": N_("Gifts can be chosen from {opens} until {closes}."),
    "detail.not_eligible": N_("You are not eligible for this campaign: {reasons}"),
    "detail.campaign_other_municipality": N_("This campaign is for volunteers of another municipality."),
    "detail.no_current_campaign": N_("There is no thank-you campaign in your municipality right now."),
    "detail.out_of_stock": N_("This gift is no longer available; choose another one."),
    "detail.claim_redeemed": N_("Your voucher was already redeemed; your choice can no longer change."),
    "detail.claim_exists": N_("You already chose a gift in this campaign."),
    "detail.already_claimed_by_app": N_(
        "This volunteer already chose a gift in the app; the letter code is no longer valid."),
    "detail.not_merchant_staff": N_("You do not work for this shop in DoeMee."),
    "detail.merchant_not_verified": N_("The municipality has not verified this shop yet."),
    "detail.campaign_started": N_("The campaign has opened; its eligibility rule and budget can no longer change."),
    "detail.campaign_closed": N_("The campaign has closed."),
    "detail.campaign_overlaps": N_(
        "The campaign \"{name}\" of this municipality runs from {opens} until {until} (vouchers included); only one "
        "campaign can run at a time. Choose dates outside it, or change or cancel that campaign."),
    "detail.campaign_cancelled": N_("This campaign was cancelled."),
    "detail.campaign_over": N_(
        "This campaign is over (vouchers can no longer be redeemed); it can no longer be cancelled."),
    "detail.export_in_progress": N_("Someone else is exporting the letter codes right now; try again in a moment."),
    # field messages
    "field.window_order": N_("Must be after opens_at (and redeem_until not before closes_at)."),
    "field.rule_empty": N_(
        "Say who takes part: a minimum of hours or engagements, registered_before, or everyone: true."),
    "field.rule_everyone_and_minimum": N_("Either everyone takes part or a minimum applies, not both."),
    "field.closes_in_past": N_("The new closing must lie in the future."),
    "field.period_order": N_("period_end must not lie before period_start."),
    "field.rule_needs_period": N_("Give period_start and period_end with a minimum of hours or engagements."),
    "field.stock_at_least_one": N_("Offer at least one."),
    "field.budget_range": N_("Give an amount above 0 and at most {most} euros."),
    "field.value_over_budget": N_("At most the budget per volunteer ({budget} cents)."),
    "field.gift_not_in_campaign": N_("No gift with this id in this campaign."),
    "field.gift_not_of_shop": N_("This gift is not offered by this shop."),
    "field.no_account": N_("No DoeMee account with this e-mail address; ask the person to register first."),
    "field.not_our_volunteer": N_("This volunteer has not worked with your organisation."),
    "field.organisation_not_verified": N_("Only organisations verified by the municipality can nominate."),
    "field.stock_below_claimed": N_("Already {claimed} chosen; the stock offered cannot be lower."),
    # eligibility reasons (code -> text); the API shows both
    "reason.eligible": N_("You take part in this campaign."),
    "reason.enough_hours": N_("You volunteered at least {hours} approved hours between {start} and {end}."),
    "reason.too_few_hours": N_("You have {have} approved hours between {start} and {end}; {hours} are needed."),
    "reason.enough_engagements": N_("You completed at least {count} engagements between {start} and {end}."),
    "reason.too_few_engagements": N_(
        "You completed {have} engagements between {start} and {end}; {count} are needed."),
    "reason.nominated": N_("An organisation you volunteer for nominated you."),
    "reason.everyone": N_("Every volunteer of the municipality takes part."),
    "reason.registered_too_late": N_("Only volunteers who registered before {date} take part."),
    "reason.other_municipality": N_("This campaign is for volunteers of another municipality."),
    "detail.shop_not_invited": N_("Your shop was not invited to offer gifts in this campaign."),
    "detail.gift_approved_fixed": N_("This gift was approved; only its stock can still change."),
    "detail.gift_not_pending": N_("This gift is not waiting for approval (any more)."),
    "detail.campaign_no_gifts": N_("Approve at least one gift before opening the campaign."),
    "detail.campaign_not_started": N_("This campaign has not opened yet; cancel it instead of closing it."),
    "field.picture_too_big": N_("The picture may be at most {kb} kB."),
    "field.picture_type": N_("Choose a JPEG, PNG or WebP picture."),
    "field.letter_code_unknown": N_("No letter code of this campaign has this code. Check it for typing errors."),
    "field.letter_code_used": N_("This letter code was already exchanged for a gift."),
    "field.gift_out_of_stock": N_("This gift is no longer available; choose another one."),
})
