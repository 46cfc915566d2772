"""Mail of steps 1–3 as background tasks, thin wrappers around `mail`.

The services enqueue them with `transaction.on_commit`: a rolled-back change sends nothing
and no row lock is held while a mail server answers. With CELERY_BROKER_URL unset they run
at once in the calling process, after the commit.
"""

from celery import shared_task

from carbon20.partnerships import mail


@shared_task(name="carbon20.partnerships.tasks.send_ready_to_sign")
def send_ready_to_sign(agreement_id: int, recipients: list[str], link: str) -> bool:
    return mail.send_ready_to_sign(agreement_id=agreement_id, recipients=recipients, link=link)


@shared_task(name="carbon20.partnerships.tasks.send_invitation")
def send_invitation(invitation_id: int, user_id: int | None) -> bool:
    return mail.send_invitation(invitation_id=invitation_id, user_id=user_id)
