from django import template

from carbon20.followups.tasklist import Tasks, tasks_for_user

register = template.Library()


@register.simple_tag
def task_list(user) -> Tasks:
    """The start page's tasks for every role the user holds (see `followups.tasklist`)."""
    return tasks_for_user(user)
