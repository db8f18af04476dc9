"""Every command, callback, action and block id the app uses, in one place (the manifest test reads it)."""

LOG_COMMAND = "/log"
RAMP_COMMAND = "/ramp"
COMMANDS = (LOG_COMMAND, RAMP_COMMAND)

# app_uninstalled and tokens_revoked disable the workspace (bot/listeners/uninstall.py).
EVENTS = ("app_home_opened", "app_uninstalled", "tokens_revoked", "user_change")
MESSAGING_FEEDBACK = "messaging_feedback"  # message shortcut: score a message against the team's rates
SHORTCUTS: tuple[str, ...] = (MESSAGING_FEEDBACK,)

OPEN_LOG_MODAL = "open_log_modal"  # the check-in DM's "Log this week" button
OPEN_PAST_WEEKS = "open_past_weeks"  # the rep Home tab's "Past weeks" button
LOG_MODAL = "log_week"  # view callback id
LOG_WEEK_PICK = "log_week_pick"  # the modal's week select (dispatches an action to refill the values)
LOG_WEEK_BLOCK = "week"
# The inputs' block ids carry the week (note:2026-11-16, metric:2026-11-16:calls): Slack keeps typed input
# across views.update when block_id and action_id stay the same, which would carry one week's numbers into
# another week's form (issue 13). Build and read them with bot/views/log_modal.py.
LOG_NOTE_BLOCK = "note"
LOG_OUTREACH_BLOCK = "outreach"  # the week's outreach counts per template
LOG_VALUE = "value"  # action id of every text input in the modal
METRIC_BLOCK_PREFIX = "metric:"

# Reviews
START_REVIEW = "start_review"  # the prompt's button; its value is review_target JSON
RESCHEDULE_REVIEW = "reschedule_review"
AMEND_REVIEW = "amend_review"  # the manager's confirmation button; its value is the review id
ACTION_DONE = "review_action_done"  # a Home tab button; its value is the action item id
REVIEW_MODAL = "review"  # view callback ids
REVIEW_MOVE_MODAL = "review_move"
REVIEW_AMEND_MODAL = "review_amend"
RATING_PREFIX = "rating:"  # block ids rating:0, rating:1, … one per sales task
REVIEW_DONE_BLOCK = "done"
REVIEW_TEXT_BLOCKS = ("people", "control", "environment", "evidence", "actions")
# A checkpoint decision's own inputs in the review modal (block ids; the action id is "value")
DECISION_BLOCKS = ("decision_why", "decision_weeks", "decision_goals", "decision_by")
# Milestones a manager confirms: buttons on Home and in the review modal; value: milestone_target JSON
MILESTONE_CONFIRM = "milestone_confirm"
MILESTONE_NOT_YET = "milestone_not_yet"

# Nudges: each insight's reaction buttons; their value is nudge_target JSON
NUDGE_UP = "nudge_up"
NUDGE_DOWN = "nudge_down"
NUDGE_SNOOZE = "nudge_snooze"
NUDGE_BLOCK_PREFIX = "nudge:"  # the actions block of insight i is nudge:i

# CRM auto-fill: the check-in's buttons; their value is the week's Monday (ISO date)
CRM_CONFIRM = "crm_confirm"
CRM_EDIT = "crm_edit"

# The weekly experiment's "Not this week" button; its value is experiment_target JSON
EXPERIMENT_SKIP = "experiment_skip"
EXPERIMENT_BLOCK = "experiment"

# Cockpits (issue 19): the manager's and leader's Home tabs and the rep page
OPEN_REP_PAGE = "open_rep_page"  # a team row's button; its value is the rep's Slack id
REMIND_REP = "remind_rep"  # a team row's button for a rep who has not logged this week; value: rep id
POST_AGENDA = "post_agenda"  # the rep page's button; value: rep id
OPEN_PAST_REVIEW = "open_past_review"  # the rep page's review list; value: review id
REP_PAGE_MODAL = "rep_page"  # view callback id
LEADER_FILTER_PREFIX = "leader_filter:"  # leader_filter:plan, …; each option carries HomeState JSON
LEADER_PAGE = "leader_page"  # Next / Previous on the leader's Home; value: HomeState JSON
LEADER_MANAGER_PAGE = "leader_manager_page"  # the managers list's Next / Previous; value: HomeState JSON
OPEN_MANAGER_TEAM = "open_manager_team"  # a manager summary's button; value: the manager's Slack id

# Leave from a manager's Home (issue 16): a rep row's button (value: the rep's Slack id) opens the modal
OPEN_LEAVE = "open_leave"
LEAVE_MODAL = "leave"  # view callback id; private_metadata: the rep's Slack id
LEAVE_BLOCKS = ("leave_first", "leave_last", "leave_reason", "leave_end")  # the inputs; action id "value"
