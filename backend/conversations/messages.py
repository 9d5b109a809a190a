"""Messages of conversations, in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "thing.Conversation": N_("Conversation"),
    "thing.Message": N_("Message"),
    "detail.conversation_own_organisation": N_("You are a coordinator of this organisation: answer in its "
                                               "conversations instead."),
    "detail.conversation_coordinators_only": N_("Only the coordinators of this shift can write to everyone on it."),
    "detail.conversation_rate_limited": N_("You have sent many messages in a short time. Please wait a while."),
    "detail.conversation_block_self": N_("You cannot block yourself."),
    "detail.conversation_report_own": N_("You cannot report your own message."),
    "field.message_blank": N_("Write a message."),
})
