"""Mail of steps 1–3 and the nightly refresh of register data as background tasks, thin
wrappers around `mail` and `register`.

The services enqueue the mail with `transaction.on_commit`: a rolled-back change sends nothing
and no row lock is held while a mail server answers. With CELERY_BROKER_URL unset they run
at once in the calling process, after the commit.
"""

import logging

from celery import shared_task
from celery.exceptions import Retry
from django.core.exceptions import ValidationError

from carbon20.integrations import cvr
from carbon20.partnerships import mail, register

logger = logging.getLogger(__name__)


@shared_task(name="carbon20.partnerships.tasks.send_ready_to_sign")
def send_ready_to_sign(agreement_id: int, recipients: list[str], link: str) -> bool:
    return mail.send_ready_to_sign(agreement_id=agreement_id, recipients=recipients, link=link)


@shared_task(name="carbon20.partnerships.tasks.send_invitation")
def send_invitation(invitation_id: int, user_id: int | None) -> bool:
    return mail.send_invitation(invitation_id=invitation_id, user_id=user_id)


@shared_task(name="carbon20.partnerships.tasks.refresh_register_data")
def refresh_register_data() -> int:
    """Beat runs this every night: one task per company, so that one company the register
    is slow to answer is retried on its own. Does nothing without the CVR settings."""
    if not cvr.is_configured():
        return 0
    queued = 0
    for company_id in register.companies_to_refresh():
        try:
            refresh_company_register.delay(company_id)
        except (cvr.CvrUnavailable, Retry):
            # Only when tasks run at once (no broker) does a timeout come back here, as the
            # retry that a worker would schedule; the company keeps its data and is tried
            # again the next night.
            continue
        queued += 1
    return queued


# A timeout or a server error is retried after about 1, 2, 4, 8 and 16 minutes; refused
# credentials and an unknown CVR are not, since asking again gives the same answer.
@shared_task(
    name="carbon20.partnerships.tasks.refresh_company_register",
    autoretry_for=(cvr.CvrUnavailable,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=5,
)
def refresh_company_register(company_id: int) -> int:
    with cvr.client() as client:
        try:
            return register.refresh_company(company_id, client)
        except cvr.CvrNotFound:
            logger.warning("CVR refresh: company %s is not in the register", company_id)
            return 0
        except ValidationError as error:
            # The register's values broke a rule of the platform (its transaction is rolled
            # back): the company keeps what it had, and the other companies go on.
            logger.warning("CVR refresh: company %s not stored: %s", company_id, error.messages)
            return 0
