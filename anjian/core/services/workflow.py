"""Old names of the shared service steps, kept until every app imports the one set from
``core.services.common``; delete this module then."""

from functools import partial

from anjian.core.services.common import (  # noqa: F401  re-exported
    check_version,
    create_audited,
    locked,
    past_moment,
    require,
    require_text,
    update_audited,
)

insert_audited = partial(create_audited, check_scope=False)
change_audited = partial(update_audited, check_scope=False)
require_action = require
